package dev.sluice.local.state;

import static dev.sluice.local.RecordFile.lines;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.local.CloudClients;
import dev.sluice.local.CreateFunction;
import dev.sluice.local.Queues;
import dev.sluice.local.reliability.Tally;
import dev.sluice.testing.Await;
import dev.sluice.testing.TestFunctions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.lambda.model.FunctionResponseType;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * The reliability suite's crash scenario: a local cloud with state ({@code --persist}) in its own JVM is killed with
 * SIGKILL while a mapping works through a queue (the mechanism of {@link CrashRestartTest}), and started again on the
 * same folder: every message acknowledged before the crash is processed or in the dead-letter queue, none lost;
 * duplicates only from batches in flight at the crash (at-least-once).
 */
class CrashDuringFlowReliabilityTest {

    private static final int SENT = 100;
    private static final int DEAD_LETTERS = 10;
    private static final int BATCH = 5;
    private static final int CONCURRENCY = 3;

    @TempDir
    Path dir;

    @Test
    void aCrashInTheMiddleOfAFlowLosesNothing() throws Exception {
        Path records = dir.resolve("records.txt");
        long begun = System.nanoTime();
        CloudProcess first = CloudProcess.start(dir, 5);
        int processedBeforeCrash;
        try (CloudClients c = first) {
            String dlq = c.sqs().createQueue(b -> b.queueName("flow-dlq")).queueUrl();
            String queue = Queues.createWithDeadLetters(c.sqs(), "flow", 10, dlq, 5);
            for (int from = 0; from < SENT; from += 10) {
                int first10 = from;
                c.sqs().sendMessageBatch(b -> b.queueUrl(queue).entries(java.util.stream.IntStream.range(first10,
                        first10 + 10).mapToObj(i -> SendMessageBatchRequestEntry.builder().id("m" + i)
                        .messageBody("flow-" + i + " slow").build()).toList()));
            }
            for (int i = 0; i < DEAD_LETTERS; i++) {
                int n = i;
                c.sqs().sendMessage(b -> b.queueUrl(dlq).messageBody("dead-" + n));
            }
            CreateFunction.named("flow", TestFunctions.BATCH).timeout(5)
                    .variables(Map.of("RECORD_FILE", records.toString())).in(c.lambda());
            c.lambda().createEventSourceMapping(b -> b.functionName("flow").eventSourceArn(Queues.arn(c.sqs(), queue))
                    .batchSize(BATCH).scalingConfig(s -> s.maximumConcurrency(CONCURRENCY))
                    .functionResponseTypes(FunctionResponseType.REPORT_BATCH_ITEM_FAILURES));
            Await.until("some of the flow processed", Duration.ofSeconds(120), () -> lines(records).size() >= 20);
        } finally {
            first.kill(); // SIGKILL in the middle of the flow
            processedBeforeCrash = lines(records).size();
        }

        CloudProcess second = CloudProcess.start(dir, 5);
        Set<String> dead = new HashSet<>();
        try (CloudClients c = second) {
            String queue = c.sqs().getQueueUrl(b -> b.queueName("flow")).queueUrl();
            String dlq = c.sqs().getQueueUrl(b -> b.queueName("flow-dlq")).queueUrl();
            Await.until("the rest of the flow processed after the restart", Duration.ofSeconds(120),
                    () -> Queues.backlog(c.sqs(), queue) == 0);
            while (true) {
                var messages = c.sqs().receiveMessage(b -> b.queueUrl(dlq).maxNumberOfMessages(10).waitTimeSeconds(1))
                        .messages();
                if (messages.isEmpty()) {
                    break;
                }
                for (Message message : messages) {
                    dead.add(message.body().split(" ")[0]);
                    c.sqs().deleteMessage(b -> b.queueUrl(dlq).receiptHandle(message.receiptHandle()));
                }
            }
        } finally {
            second.kill();
        }

        Map<String, Long> seen = lines(records).stream().filter(line -> line.endsWith(" ok"))
                .map(line -> line.split(" ")[1])
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        long lost = 0;
        for (int i = 0; i < SENT; i++) {
            if (!seen.containsKey("flow-" + i) && !dead.contains("flow-" + i)) {
                lost++;
            }
        }
        for (int i = 0; i < DEAD_LETTERS; i++) {
            if (!dead.contains("dead-" + i)) {
                lost++;
            }
        }
        long duplicated = seen.values().stream().mapToLong(count -> count - 1).sum();
        long flowInDlq = dead.stream().filter(body -> body.startsWith("flow-")).count();
        Tally.of("crash-restart-persist", "messages", SENT + DEAD_LETTERS, seen.size(), dead.size(), lost,
                duplicated, (System.nanoTime() - begun) / 1e9, "a local cloud with --persist state killed with"
                        + " SIGKILL after " + processedBeforeCrash + " of " + SENT + " messages were processed"
                        + " (batches of " + BATCH + ", " + CONCURRENCY + " at a time, 300 ms a record) with " + DEAD_LETTERS + " more in the DLQ;"
                        + " restarted on the same folder, the mapping resumes by itself; " + flowInDlq
                        + " of the flow in the DLQ").write();
        assertThat(lost).as("lost").isZero();
        // at-least-once: only batches in flight at the crash (at most MaximumConcurrency of them) come again
        assertThat(duplicated).as("duplicated").isLessThanOrEqualTo((long) CONCURRENCY * BATCH);
    }
}
