package dev.sluice.junit;

import dev.sluice.cli.ProjectApp;
import dev.sluice.local.LocalCloud;
import dev.sluice.local.logs.LogEvent;
import dev.sluice.local.core.CloudContext;
import dev.sluice.local.core.LocalClients;
import dev.sluice.local.lambda.runtime.FunctionStats;
import dev.sluice.local.template.DeployResult;
import dev.sluice.local.template.TemplateDeployer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/**
 * The local cloud as a test sees it: SDK v2 clients configured for it, and the chores of a test of event-driven
 * functions (put events, send and await messages, check dead-letter queues, read function output). Every failure
 * message ends with {@link #report()}: what is on each queue and what each function did.
 *
 * <p>One instance serves every {@link LocalCloudTest} class of the run; it is stopped when the run ends.
 */
public final class TestCloud {

    /** The credentials every client uses; the local cloud accepts any. */
    public static final AwsCredentialsProvider CREDENTIALS = LocalClients.CREDENTIALS;
    private static final int BODIES_SHOWN = 3;
    private static final int BODY_CHARS = 300;
    private static final int OUTPUT_LINES_SHOWN = 15;

    private final LocalCloud cloud;
    private final Path workDir;
    private final TemplateDeployer deployer;
    private final SqsClient sqs;
    private final EventBridgeClient events;
    private final LambdaClient lambda;
    private final List<DeployResult> deployed = new ArrayList<>();
    private final Set<Deployment> deployments = new HashSet<>();
    private final List<String> deployLog = Collections.synchronizedList(new ArrayList<>());

    private TestCloud(LocalCloud cloud, Path workDir) {
        this.cloud = cloud;
        this.workDir = workDir;
        this.deployer = new TemplateDeployer(cloud.endpoint(), CloudContext.DEFAULT_REGION, deployLog::add);
        this.sqs = configure(SqsClient.builder()).httpClientBuilder(UrlConnectionHttpClient.builder()
                .socketTimeout(Duration.ofSeconds(30))).build();
        this.events = configure(EventBridgeClient.builder()).httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
        this.lambda = configure(LambdaClient.builder()).httpClientBuilder(UrlConnectionHttpClient.builder()
                .socketTimeout(Duration.ofMinutes(15))).build();
    }

    /** Starts a local cloud on a free port with its work files in a new temporary folder. */
    static TestCloud start() {
        Path workDir;
        try {
            workDir = Files.createTempDirectory("sluice-junit-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a work folder for the local cloud", e);
        }
        LocalCloud cloud = LocalCloud.builder().port(0).workDir(workDir).build();
        try {
            cloud.start();
        } catch (RuntimeException | Error e) {
            deleteTree(workDir);
            throw e;
        }
        return new TestCloud(cloud, workDir);
    }

    /** Stops the cloud and its function JVMs, closes the clients, and deletes the work folder. */
    void stop() {
        for (AutoCloseable closeable : List.<AutoCloseable>of(sqs, events, lambda, deployer, cloud)) {
            try {
                closeable.close();
            } catch (Exception e) {
                System.err.println("sluice-junit: while stopping the local cloud: " + e);
            }
        }
        deleteTree(workDir);
    }

    /** The edge endpoint every AWS client uses, e.g. {@code http://127.0.0.1:41234}. */
    public URI endpoint() {
        return cloud.endpoint();
    }

    public String region() {
        return CloudContext.DEFAULT_REGION;
    }

    public SqsClient sqs() {
        return sqs;
    }

    public EventBridgeClient events() {
        return events;
    }

    public LambdaClient lambda() {
        return lambda;
    }

    /** Points any SDK client builder at the local cloud: endpoint, region and credentials. */
    public <B extends AwsClientBuilder<B, ?>> B configure(B builder) {
        return builder.endpointOverride(cloud.endpoint()).region(Region.of(region())).credentialsProvider(CREDENTIALS);
    }

    /** The running local cloud itself, for what the helpers here do not cover (its API may change between releases). */
    public LocalCloud localCloud() {
        return cloud;
    }

    /** Every stack deployed into the cloud during this run, in deployment order. */
    public synchronized List<DeployResult> deployed() {
        return List.copyOf(deployed);
    }

    /**
     * Deploys one template now (again, if it was deployed before: its resources are updated).
     *
     * @param parameters values for the template's Parameters
     */
    public DeployResult deploy(Path template, String stackName, Map<String, String> parameters) {
        DeployResult result;
        try {
            result = deployer.deploy(template, stackName, parameters);
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot deploy " + template + ": " + e.getMessage() + deployLogTail(), e);
        }
        cloud.autoscaler().configure(result);
        synchronized (this) {
            deployed.add(result);
        }
        return result;
    }

    /** Deploys what a test class asks for, unless the same deployment was made before in this run. */
    synchronized void ensureDeployed(Deployment deployment) {
        if (!deployments.add(deployment)) {
            return;
        }
        long started = System.nanoTime();
        List<DeployResult> results = new ArrayList<>();
        try {
            try {
                results.addAll(ProjectApp.deploy(deployer, deployment.templates(), deployment.project(),
                        deployment.context(), deployment.build()));
            } catch (ProjectApp.SynthFailure e) {
                throw new IllegalStateException(e.getMessage() + "; its output:\n" + e.output(), e.getCause());
            }
        } catch (RuntimeException e) {
            deployments.remove(deployment);
            throw new IllegalStateException("sluice-junit: cannot deploy " + deployment + ": " + e.getMessage()
                    + deployLogTail(), e);
        }
        results.forEach(cloud.autoscaler()::configure);
        deployed.addAll(results);
        if (!results.isEmpty()) {
            System.out.printf("sluice-junit: %s deployed into the local cloud at %s in %.1f s: stacks %s%n",
                    deployment, cloud.endpoint(), (System.nanoTime() - started) / 1e9,
                    results.stream().map(DeployResult::stackName).toList());
        }
    }

    /** The queue's URL. */
    public String queueUrl(String queueName) {
        try {
            return sqs.getQueueUrl(r -> r.queueName(queueName)).queueUrl();
        } catch (QueueDoesNotExistException e) {
            throw new AssertionError("no queue named '" + queueName + "' in the local cloud\n" + report(), e);
        }
    }

    /**
     * Puts one event on a bus.
     *
     * @return the event's id
     * @throws AssertionError naming EventBridge's error code when the entry fails
     */
    public String putEvent(String busName, String source, String detailType, String detailJson) {
        return putEvents(PutEventsRequestEntry.builder().eventBusName(busName).source(source).detailType(detailType)
                .detail(detailJson).build()).get(0);
    }

    /**
     * Puts events (in calls of at most 10 entries, as PutEvents allows).
     *
     * @return the event ids, in order
     * @throws AssertionError naming each failed entry's error code and message
     */
    public List<String> putEvents(PutEventsRequestEntry... entries) {
        List<String> ids = new ArrayList<>();
        for (int from = 0; from < entries.length; from += 10) {
            List<PutEventsRequestEntry> call = List.of(entries).subList(from, Math.min(entries.length, from + 10));
            PutEventsResponse response = events.putEvents(r -> r.entries(call));
            List<String> failures = new ArrayList<>();
            for (int i = 0; i < response.entries().size(); i++) {
                PutEventsResultEntry result = response.entries().get(i);
                if (result.errorCode() != null) {
                    failures.add("entry " + (from + i) + " (" + call.get(i).detailType() + " on bus "
                            + call.get(i).eventBusName() + "): " + result.errorCode() + " " + result.errorMessage());
                }
                ids.add(result.eventId());
            }
            if (!failures.isEmpty()) {
                throw new AssertionError("PutEvents refused " + failures.size() + " entries: " + failures + "\n"
                        + report());
            }
        }
        return ids;
    }

    /** Sends one message to the queue; returns its message id. */
    public String sendMessage(String queueName, String body) {
        String url = queueUrl(queueName);
        return sqs.sendMessage(r -> r.queueUrl(url).messageBody(body)).messageId();
    }

    /**
     * Receives {@code count} messages from the queue, deleting each, and returns them in the order received. Waits up
     * to {@code timeout}; never receives more than {@code count}.
     *
     * @throws AssertionError when fewer arrive in time, listing those received and the state of every queue and
     *                        function
     */
    public List<Message> awaitMessages(String queueName, int count, Duration timeout) {
        if (count < 1) {
            throw new IllegalArgumentException("count must be >= 1 (given " + count + ")");
        }
        String url = queueUrl(queueName);
        List<Message> received = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (received.size() < count) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError(String.format("expected %d message(s) on queue '%s' within %s, received %d%s%n%s",
                        count, queueName, timeout, received.size(), bodies(received), report()));
            }
            int wait = (int) Math.min(1, Math.max(0, left / 1_000_000_000L));
            int want = Math.min(10, count - received.size());
            List<Message> batch = sqs.receiveMessage(r -> r.queueUrl(url).maxNumberOfMessages(want).waitTimeSeconds(wait)
                    .messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages();
            if (!batch.isEmpty()) {
                List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>();
                for (int i = 0; i < batch.size(); i++) {
                    entries.add(DeleteMessageBatchRequestEntry.builder().id(Integer.toString(i))
                            .receiptHandle(batch.get(i).receiptHandle()).build());
                }
                sqs.deleteMessageBatch(r -> r.queueUrl(url).entries(entries));
                received.addAll(batch);
            }
        }
        return received;
    }

    /**
     * Asserts that the queue holds nothing: no visible, in-flight or delayed message (for a dead-letter queue: no
     * record failed for good).
     *
     * @throws AssertionError showing the queue's depth and first bodies, and the state of everything else
     */
    public void assertEmpty(String queueName) {
        QueueDepth depth = depth(queueName, queueUrl(queueName));
        if (depth.total() > 0) {
            throw new AssertionError("expected queue '" + queueName + "' to be empty, but it holds " + depth + "\n"
                    + report());
        }
    }

    /**
     * Waits until the queue holds nothing (visible, in flight or delayed): an event source mapping deletes a batch only
     * after its function has returned.
     *
     * @throws AssertionError when it still holds messages after {@code timeout}, with the state of everything
     */
    public void awaitEmpty(String queueName, Duration timeout) {
        String url = queueUrl(queueName);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (depth(queueName, url).total() > 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("expected queue '" + queueName + "' to be empty within " + timeout
                        + ", but it holds " + depth(queueName, url) + "\n" + report());
            }
            pause();
        }
    }

    /** Messages on the queue now: visible + in flight + delayed. */
    public long depth(String queueName) {
        return depth(queueName, queueUrl(queueName)).total();
    }

    /** Deletes every message of every queue (SQS PurgeQueue), in flight included. */
    public void purgeQueues() {
        for (String url : sqs.listQueues().queueUrls()) {
            sqs.purgeQueue(r -> r.queueUrl(url));
        }
    }

    /** Deletes every message of one queue, in flight included. */
    public void purge(String queueName) {
        String url = queueUrl(queueName);
        sqs.purgeQueue(r -> r.queueUrl(url));
    }

    /** Invocations, errors and throttles of a function since it was deployed. */
    public FunctionStats functionStats(String functionName) {
        return cloud.lambda().stats(functionName);
    }

    /**
     * The function's log lines, oldest first, as its log group {@code /aws/lambda/<name>} in the local CloudWatch Logs
     * holds them: what its execution environments wrote to stdout and stderr, and Lambda's own START, END, REPORT and
     * failure lines (bounded as the local cloud bounds a log group; local/LAMBDA.md, "Logs").
     */
    public List<String> functionOutput(String functionName) {
        return cloud.lambda().logs().events("/aws/lambda/" + functionName).stream()
                .map(LogEvent::message).toList();
    }

    /**
     * Waits until the function has printed a line containing {@code text} and returns that line (see
     * {@link #functionOutput(String)}).
     *
     * @throws AssertionError when no such line comes within {@code timeout}, with the state of everything
     */
    public String awaitFunctionOutput(String functionName, String text, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (String line : functionOutput(functionName)) {
                if (line.contains(text)) {
                    return line;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("expected function '" + functionName + "' to print a line containing '"
                        + text + "' within " + timeout + "\n" + report());
            }
            pause();
        }
    }

    /**
     * What a failure message needs: every queue's depth (with its first bodies, for queues without a redrive policy:
     * receiving from a queue with one would count toward its maxReceiveCount), every function's counters and last
     * output lines, and the tail of the deploy log.
     */
    public String report() {
        StringBuilder text = new StringBuilder("---- local cloud at ").append(cloud.endpoint()).append(" ----\n");
        try {
            text.append("queues (visible / in flight / delayed):\n");
            for (String url : sqs.listQueues().queueUrls()) {
                String name = url.substring(url.lastIndexOf('/') + 1);
                QueueDepth depth = depth(name, url);
                text.append("  ").append(name).append(": ").append(depth).append('\n');
            }
            text.append("functions (invocations / errors / throttles):\n");
            for (String function : cloud.lambda().functionNames()) {
                FunctionStats stats = cloud.lambda().stats(function);
                text.append("  ").append(function).append(": ").append(stats.invocations()).append(" / ")
                        .append(stats.errors()).append(" / ").append(stats.throttles()).append('\n');
                List<String> lines = functionOutput(function);
                for (String line : lines.subList(Math.max(0, lines.size() - OUTPUT_LINES_SHOWN), lines.size())) {
                    text.append("    | ").append(line).append('\n');
                }
            }
        } catch (RuntimeException e) {
            text.append("(could not read the cloud's state: ").append(e).append(")\n");
        }
        String deployLog = deployLogTail().strip();
        if (!deployLog.isEmpty()) {
            text.append(deployLog).append('\n');
        }
        return text.append("---- end of local cloud report ----").toString();
    }

    private String deployLogTail() {
        List<String> lines;
        synchronized (deployLog) {
            lines = List.copyOf(deployLog.subList(Math.max(0, deployLog.size() - 10), deployLog.size()));
        }
        return lines.isEmpty() ? "" : "\ndeploy log (last lines):\n  " + String.join("\n  ", lines) + "\n";
    }

    private QueueDepth depth(String name, String url) {
        Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(r -> r.queueUrl(url).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED,
                QueueAttributeName.REDRIVE_POLICY)).attributes();
        long visible = Long.parseLong(attributes.getOrDefault(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, "0"));
        long inFlight = Long.parseLong(attributes.getOrDefault(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE, "0"));
        long delayed = Long.parseLong(attributes.getOrDefault(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED, "0"));
        boolean redrive = attributes.containsKey(QueueAttributeName.REDRIVE_POLICY);
        List<String> bodies = List.of();
        if (visible > 0 && !redrive) {
            // Visibility 0: the messages stay where they are, visible to everyone else.
            bodies = sqs.receiveMessage(r -> r.queueUrl(url).maxNumberOfMessages(BODIES_SHOWN).visibilityTimeout(0)
                    .waitTimeSeconds(0)).messages().stream().map(m -> shorten(m.body())).toList();
        }
        return new QueueDepth(visible, inFlight, delayed, redrive, bodies);
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting", e);
        }
    }

    private static String bodies(List<Message> messages) {
        if (messages.isEmpty()) {
            return "";
        }
        StringBuilder text = new StringBuilder(":");
        for (Message message : messages.subList(0, Math.min(BODIES_SHOWN, messages.size()))) {
            text.append("\n  ").append(shorten(message.body()));
        }
        if (messages.size() > BODIES_SHOWN) {
            text.append("\n  ... and ").append(messages.size() - BODIES_SHOWN).append(" more");
        }
        return text.toString();
    }

    private static String shorten(String body) {
        return body.length() <= BODY_CHARS ? body : body.substring(0, BODY_CHARS) + "... (" + body.length() + " chars)";
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            System.err.println("sluice-junit: could not delete " + dir + ": " + e.getMessage());
        }
    }

    /** A queue's counts, and its first bodies when they could be read without side effects. */
    private record QueueDepth(long visible, long inFlight, long delayed, boolean redrive, List<String> bodies) {

        long total() {
            return visible + inFlight + delayed;
        }

        @Override
        public String toString() {
            String counts = visible + " / " + inFlight + " / " + delayed;
            if (!bodies.isEmpty()) {
                return counts + ", first bodies:\n      " + String.join("\n      ", bodies);
            }
            return visible > 0 && redrive ? counts + " (bodies not read: the queue has a redrive policy)" : counts;
        }
    }

    /** What a test class asks to have deployed; equal deployments are made once per run. */
    record Deployment(Path project, List<Path> templates, boolean build, Map<String, String> context) {

        Deployment {
            templates = List.copyOf(templates);
            context = Collections.unmodifiableMap(new LinkedHashMap<>(context));
        }

        @Override
        public String toString() {
            return templates.isEmpty() ? "the CDK app of " + project : "templates " + templates;
        }
    }
}
