package dev.sluice.cli;

import dev.sluice.local.LocalCloud;
import dev.sluice.local.core.DaemonThreads;
import dev.sluice.local.core.LocalClients;
import dev.sluice.local.status.StatusSnapshot;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * {@code sluice local up --demo}: the project's sample traffic ({@link EventTraffic}) on its way through the local
 * cloud, with one line of live counts a second: events sent, each function's invocations (a batch of records is one)
 * and failed ones, each queue's depth, and the messages in dead-letter queues (the queues a redrive policy names, and
 * those rule targets and functions send their failures to: {@link DeadLetterQueues}).
 */
final class LocalDemo implements AutoCloseable {

    private static final long TICK_MILLIS = 100;
    /** ANSI "erase to end of line": a shorter count line leaves nothing of the longer one before it. */
    private static final String CLEAR_TO_END_OF_LINE = "\u001B[K";
    /** Rules and functions change only with a deploy: their dead-letter queues are looked up again this often. */
    private static final long DEAD_LETTER_LOOKUP_MILLIS = 10_000;

    private final EventTraffic traffic;
    private final EventBridgeClient events;
    private final LocalCloud cloud;
    private final SqsClient sqs;
    private final LambdaClient lambda;
    private final PrintWriter out;
    private final boolean redraw;
    private final ScheduledExecutorService scheduler =
            Executors.newScheduledThreadPool(2, DaemonThreads.factory("sluice-demo"));

    private Set<String> targetDeadLetterQueues = Set.of();
    private long targetDeadLettersLookedUp;

    /**
     * A demo of {@code cloud} with clients of its own (closed with the demo).
     *
     * @param redraw rewrite the count line in place (a terminal) instead of printing a new one each second
     */
    LocalDemo(EventTraffic traffic, LocalCloud cloud, String region, PrintWriter out, boolean redraw) {
        this.traffic = traffic;
        this.cloud = cloud;
        this.events = LocalClients.create(EventBridgeClient.builder(), cloud.endpoint(), region);
        this.sqs = LocalClients.create(SqsClient.builder(), cloud.endpoint(), region);
        this.lambda = LocalClients.create(LambdaClient.builder(), cloud.endpoint(), region);
        this.out = out;
        this.redraw = redraw;
    }

    void start() {
        out.println("demo: " + traffic.describe());
        out.flush();
        scheduler.scheduleAtFixedRate(() -> traffic.sendDue(events), 0, TICK_MILLIS, TimeUnit.MILLISECONDS);
        scheduler.scheduleAtFixedRate(this::reportSafely, 1, 1, TimeUnit.SECONDS);
    }

    private void reportSafely() {
        String line;
        try {
            line = report();
        } catch (RuntimeException e) {
            line = "demo: cannot read the local cloud's state: " + e.getMessage();
        }
        out.print(redraw ? "\r" + line + CLEAR_TO_END_OF_LINE : line + System.lineSeparator());
        out.flush();
    }

    String report() {
        StringBuilder line = new StringBuilder("sent ").append(traffic.sent());
        if (traffic.failed() > 0) {
            line.append(" (").append(traffic.failed()).append(" refused)");
        }
        StatusSnapshot status = StatusSnapshot.capture(cloud.lambda(), null, Instant.now());
        List<String> functions = new ArrayList<>();
        for (StatusSnapshot.FunctionStatus f : status.functions()) {
            functions.add(f.name() + " " + f.invocations() + (f.errors() > 0 ? " (" + f.errors() + " failed)" : ""));
        }
        // invocations, not records: a queue-driven function takes a batch per invocation
        line.append(" | ").append(functions.isEmpty() ? "no functions" : "invocations " + String.join(", ", functions));
        Map<String, Long> depths = new TreeMap<>();
        Set<String> deadLetterQueues = new HashSet<>(targetDeadLetterQueues());
        for (String url : sqs.listQueues(b -> b.maxResults(1000)).queueUrls()) {
            Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(b -> b.queueUrl(url)
                    .attributeNames(QueueAttributeName.ALL)).attributes();
            depths.put(QueueNames.nameOf(url), QueueDepth.of(attributes));
            String deadLetterQueue = QueueNames.deadLetterQueueOf(attributes.get(QueueAttributeName.REDRIVE_POLICY));
            if (deadLetterQueue != null) {
                deadLetterQueues.add(deadLetterQueue);
            }
        }
        long deadLetters = 0;
        List<String> queues = new ArrayList<>();
        for (Map.Entry<String, Long> queue : depths.entrySet()) {
            if (deadLetterQueues.contains(queue.getKey())) {
                deadLetters += queue.getValue();
            } else {
                queues.add(queue.getKey() + " " + queue.getValue());
            }
        }
        line.append(" | queues ").append(queues.isEmpty() ? "none" : String.join(", ", queues));
        line.append(" | dead letters ").append(deadLetters);
        return line.toString();
    }

    private Set<String> targetDeadLetterQueues() {
        long now = System.currentTimeMillis();
        if (now - targetDeadLettersLookedUp >= DEAD_LETTER_LOOKUP_MILLIS) {
            targetDeadLetterQueues = DeadLetterQueues.ofTargetsAndFunctions(events, lambda);
            targetDeadLettersLookedUp = now;
        }
        return targetDeadLetterQueues;
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        if (redraw) {
            out.println(); // keep the last count line
            out.flush();
        }
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        events.close();
        sqs.close();
        lambda.close();
    }
}
