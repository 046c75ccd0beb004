package dev.sluice.local.bench;

import dev.sluice.testing.BarChart;
import dev.sluice.local.LocalCloud;
import dev.sluice.local.core.LocalClients;
import dev.sluice.local.lambda.eventsource.EventSourceMapping;
import dev.sluice.testing.TestFunctions;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.FunctionResponseType;
import software.amazon.awssdk.services.lambda.model.Runtime;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * End-to-end throughput, events/s through PutEvents -> rule -> SQS -> event source mapping -> function -> delete, for
 * a plain-Java no-op SQS handler and for the example fulfillOrder (which also publishes one outcome per order), against
 * the ceiling measured in the same run: ElasticMQ alone, send + receive + delete with the batch APIs, the same message
 * body and the same number of producer and consumer threads.
 *
 * <p>Producers send as fast as they can while the mapping consumes; the clock stops when the mapping has deleted the
 * last event. Each scenario is warmed up first (environments started) and run on its own queue.
 *
 * <pre>local/bench/run.sh throughput   # -Dbench.events=20000 -Dbench.exampleEvents=20000 -Dbench.concurrency=4</pre>
 */
public final class ThroughputBench {

    private static final int EVENTS = Integer.getInteger("bench.events", 20_000);
    private static final int EXAMPLE_EVENTS = Integer.getInteger("bench.exampleEvents", 20_000);
    private static final int PRODUCERS = Integer.getInteger("bench.producers", 2);
    private static final int CONCURRENCY = Integer.getInteger("bench.concurrency", 4);
    private static final Map<String, String> EXAMPLE_ENV = Bench.fulfillOrderEnvironment();
    private static final int BATCH_SIZE = 10;
    private static final PrintStream CONSOLE = System.out;

    private final LocalCloud cloud;
    private final EventBridgeClient events;
    private final SqsClient sqs;
    private final SqsClient direct;
    private final SqsClient inProcess;
    private final LambdaClient lambda;
    private boolean busCreated;

    private ThroughputBench(LocalCloud cloud) {
        this.cloud = cloud;
        // Apache clients on the producer side too (client()), so that the ceiling is not held back.
        events = EventBridgeClient.builder().endpointOverride(cloud.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(LocalClients.CREDENTIALS).httpClient(client()).build();
        sqs = SqsClient.builder().endpointOverride(cloud.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(LocalClients.CREDENTIALS).httpClient(client()).build();
        direct = SqsClient.builder().endpointOverride(cloud.sqs().directEndpoint()).region(Region.US_EAST_1)
                .credentialsProvider(LocalClients.CREDENTIALS).httpClient(client()).build();
        inProcess = cloud.sqs().inProcessClient(LocalClients.pollingSqs(cloud.sqs().directEndpoint(), "us-east-1"));
        lambda = LambdaClient.builder().endpointOverride(cloud.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(LocalClients.CREDENTIALS).httpClient(client()).build();
    }

    /**
     * The SDK's default sync client (Apache), for the ceiling and the producers alike. The url-connection client waits
     * 1 ms before every POST on a kept-alive connection (local/README.md), which would hold the ceiling back.
     */
    private static SdkHttpClient client() {
        return Apache5HttpClient.builder().maxConnections(64).socketTimeout(Duration.ofSeconds(60)).build();
    }

    public static void main(String[] args) throws Exception {
        Bench.quietFunctionOutput();
        Map<String, Object> results = Bench.results("end-to-end throughput against the raw ElasticMQ ceiling",
                "local/bench/run.sh throughput");
        int bodyBytes = Bench.orderPlacedEnvelope(0).length();
        results.put("settings", Map.of("events", EVENTS, "exampleEvents", EXAMPLE_EVENTS, "producerThreads", PRODUCERS,
                "maximumConcurrency", CONCURRENCY, "batchSize", BATCH_SIZE, "putEventsEntriesPerCall", 10,
                "messageBodyBytes", bodyBytes, "functionMemoryMb", 512));
        Path work = Files.createTempDirectory("sluice-bench-throughput");
        try (LocalCloud cloud = LocalCloud.builder().port(0).workDir(work).build().start()) {
            ThroughputBench bench = new ThroughputBench(cloud);
            bench.sqs.createQueue(r -> r.queueName("outbox")); // the example's outbox channel looks it up at boot
            Map<String, Object> ceiling = bench.ceiling(bench.direct, "over HTTP", EVENTS);
            results.put("elasticMqCeiling", ceiling);
            Map<String, Object> actorCeiling = bench.ceiling(bench.inProcess, "in process", EVENTS);
            results.put("elasticMqInProcessCeiling", actorCeiling);
            Map<String, Object> noop = bench.endToEnd("noop", TestFunctions.NOOP,
                    TestFunctions.ZIP.writeTo(work.resolve("noop.zip")), Map.of(), EVENTS);
            results.put("endToEndNoop", noop);
            Map<String, Object> example = bench.endToEnd("fulfillOrder",
                    "io.quarkus.funqy.lambda.FunqyStreamHandler::handleRequest", Bench.functionZip(),
                    EXAMPLE_ENV, EXAMPLE_EVENTS);
            results.put("endToEndFulfillOrder", example);
            Map<String, Object> noopMapping = bench.mappingOnly("noop-sqs", TestFunctions.NOOP,
                    work.resolve("noop.zip"), Map.of(), EVENTS);
            results.put("mappingOnlyNoop", noopMapping);
            Map<String, Object> exampleMapping = bench.mappingOnly("fulfillOrder-sqs",
                    "io.quarkus.funqy.lambda.FunqyStreamHandler::handleRequest", Bench.functionZip(),
                    EXAMPLE_ENV, EXAMPLE_EVENTS);
            results.put("mappingOnlyFulfillOrder", exampleMapping);
            // measured again at the end (JIT warm, same machine state); the higher one is the ceiling
            Map<String, Object> ceilingAgain = bench.ceiling(bench.direct, "over HTTP", EVENTS);
            results.put("elasticMqCeilingAtEnd", ceilingAgain);
            Map<String, Object> actorCeilingAgain = bench.ceiling(bench.inProcess, "in process", EVENTS);
            results.put("elasticMqInProcessCeilingAtEnd", actorCeilingAgain);
            double top = Math.max(rate(ceiling), rate(ceilingAgain));
            double actorTop = Math.max(rate(actorCeiling), rate(actorCeilingAgain));
            results.put("ceilingEventsPerSecond", top);
            results.put("inProcessCeilingEventsPerSecond", actorTop);
            Map<String, Object> ratios = new LinkedHashMap<>();
            ratios.put("noopVsCeiling", Bench.round(rate(noop) / top));
            ratios.put("fulfillOrderVsCeiling", Bench.round(rate(example) / top));
            ratios.put("mappingOnlyNoopVsCeiling", Bench.round(rate(noopMapping) / top));
            ratios.put("mappingOnlyFulfillOrderVsCeiling", Bench.round(rate(exampleMapping) / top));
            // the stricter baseline: ElasticMQ's queue actors called as the local cloud calls them, no HTTP at all
            ratios.put("noopVsInProcessCeiling", Bench.round(rate(noop) / actorTop));
            ratios.put("fulfillOrderVsInProcessCeiling", Bench.round(rate(example) / actorTop));
            results.put("ratios", ratios);
            Map<String, Object> machine = cast(results.get("machine"));
            machine.put("loadAverageAtEnd", Bench.loadAverage());
            Bench.write("throughput", results);
            new BarChart("Throughput, events/s (batch " + BATCH_SIZE + ", MaximumConcurrency " + CONCURRENCY + ", "
                    + PRODUCERS + " producers)", "events/s",
                    List.of("ElasticMQ over HTTP", "ElasticMQ in process", "E2E no-op", "E2E fulfillOrder",
                            "SQS->fn no-op", "SQS->fn fulfillOrder"))
                    .series("events/s", top, actorTop, rate(noop), rate(example), rate(noopMapping),
                            rate(exampleMapping))
                    .target("50% of ceiling", top / 2)
                    .write(Bench.outputDir().resolve("throughput.svg"));
            CONSOLE.println(Bench.JSON.writeValueAsString(ratios));
            CONSOLE.println("load average at end: " + Bench.loadAverage());
        }
        Bench.deleteTree(work);
        System.exit(0);
    }

    /**
     * Raw ElasticMQ: producers SendMessageBatch, consumers ReceiveMessage(10) + DeleteMessageBatch, through
     * {@code client}: over HTTP (what any SQS client gets) or in process (what the local cloud's pollers get).
     */
    private Map<String, Object> ceiling(SqsClient client, String how, int count) throws Exception {
        String url = direct.createQueue(r -> r.queueName("ceiling-" + System.nanoTime())).queueUrl();
        // JIT-compiles the paths first
        run("ceiling warm-up", () -> rawRound(client, url, Math.min(count, 5000)));
        Map<String, Object> result = rawRound(client, url, count);
        CONSOLE.printf("ElasticMQ ceiling %s: %.0f messages/s%n", how, rate(result));
        return result;
    }

    private Map<String, Object> rawRound(SqsClient client, String url, int count) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(PRODUCERS + CONCURRENCY);
        AtomicInteger deleted = new AtomicInteger();
        AtomicLong producersDone = new AtomicLong();
        String body = Bench.orderPlacedEnvelope(0);
        long start = System.nanoTime();
        List<Future<?>> work = new ArrayList<>();
        for (int p = 0; p < PRODUCERS; p++) {
            int producer = p;
            work.add(threads.submit(() -> {
                for (int sent = producer * 10; sent < count; sent += PRODUCERS * 10) {
                    List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
                    for (int i = 0; i < Math.min(10, count - sent); i++) {
                        entries.add(SendMessageBatchRequestEntry.builder().id(Integer.toString(i)).messageBody(body)
                                .build());
                    }
                    client.sendMessageBatch(r -> r.queueUrl(url).entries(entries));
                }
                producersDone.accumulateAndGet(System.nanoTime(), Math::max);
            }));
        }
        for (int c = 0; c < CONCURRENCY; c++) {
            work.add(threads.submit(() -> {
                while (deleted.get() < count) {
                    List<Message> messages = client.receiveMessage(r -> r.queueUrl(url).maxNumberOfMessages(10)
                            .waitTimeSeconds(1)).messages();
                    if (messages.isEmpty()) {
                        continue;
                    }
                    List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>();
                    for (int i = 0; i < messages.size(); i++) {
                        entries.add(DeleteMessageBatchRequestEntry.builder().id(Integer.toString(i))
                                .receiptHandle(messages.get(i).receiptHandle()).build());
                    }
                    client.deleteMessageBatch(r -> r.queueUrl(url).entries(entries));
                    deleted.addAndGet(messages.size());
                }
            }));
        }
        for (Future<?> future : work) {
            future.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        threads.shutdown();
        return round(count, seconds, (producersDone.get() - start) / 1e9);
    }

    /** PutEvents -> rule -> queue -> mapping -> function -> delete, until the mapping has deleted every event. */
    private Map<String, Object> endToEnd(String function, String handler, Path zip, Map<String, String> env, int count)
            throws Exception {
        return consume(function, handler, zip, env, count, true);
    }

    /**
     * Producers send straight to the queue (SendMessageBatch, the same envelopes): only the mapping and the function
     * consume, which separates EventBridge's share of the end-to-end time from Lambda's.
     */
    private Map<String, Object> mappingOnly(String function, String handler, Path zip, Map<String, String> env,
                                            int count) throws Exception {
        return consume(function, handler, zip, env, count, false);
    }

    private Map<String, Object> consume(String function, String handler, Path zip, Map<String, String> env, int count,
                                        boolean viaEventBridge) throws Exception {
        String bus = function.startsWith("fulfillOrder") ? "orders" : function + "-bus";
        if (!bus.equals("orders") || !busCreated) {
            events.createEventBus(r -> r.name(bus));
            busCreated |= bus.equals("orders");
        }
        String queueUrl = sqs.createQueue(r -> r.queueName(function + "-queue")
                .attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "180"))).queueUrl();
        String queueArn = sqs.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        if (viaEventBridge) {
            events.putRule(r -> r.name(function + "-orders").eventBusName(bus)
                .eventPattern("{\"source\":[\"shop.orders\"],\"detail-type\":[\"OrderPlaced\"]}"));
            events.putTargets(r -> r.rule(function + "-orders").eventBusName(bus)
                    .targets(t -> t.id("queue").arn(queueArn)));
        }
        lambda.createFunction(r -> r.functionName(function).runtime(Runtime.JAVA21).handler(handler)
                .role("arn:aws:iam::000000000000:role/bench").timeout(30).memorySize(512)
                .environment(e -> e.variables(env)).code(c -> c.s3Bucket("hot-reload").s3Key(zip.toString())));
        lambda.createEventSourceMapping(r -> r.functionName(function).eventSourceArn(queueArn).batchSize(BATCH_SIZE)
                .functionResponseTypes(FunctionResponseType.REPORT_BATCH_ITEM_FAILURES)
                .scalingConfig(s -> s.maximumConcurrency(CONCURRENCY)));
        EventSourceMapping mapping = cloud.lambda().eventSourceMappings().stream()
                .filter(m -> m.functionArn().endsWith(":function:" + function)).findFirst().orElseThrow();

        // warm-up: enough events for every poller to start its environment
        long warmUp = 40L * CONCURRENCY;
        produce(viaEventBridge, bus, queueUrl, (int) warmUp);
        Bench.await(function + " warm-up", Duration.ofMinutes(2),
                () -> mapping.stats().succeededRecords() >= warmUp);
        Thread.sleep(1000);

        long before = mapping.stats().succeededRecords();
        long failedBefore = mapping.stats().failedRecords();
        long batchesBefore = mapping.stats().batches();
        long recordsBefore = mapping.stats().records();
        long start = System.nanoTime();
        double putSeconds = produce(viaEventBridge, bus, queueUrl, count);
        Bench.await(function + " to drain its queue", Duration.ofMinutes(3),
                () -> mapping.stats().succeededRecords() - before >= count);
        double seconds = (System.nanoTime() - start) / 1e9;
        Map<String, Object> result = round(count, seconds, putSeconds);
        result.put("failedRecords", mapping.stats().failedRecords() - failedBefore);
        long batches = mapping.stats().batches() - batchesBefore;
        result.put("batches", batches);
        result.put("averageBatchSize", Bench.round((mapping.stats().records() - recordsBefore) / (double) batches));
        result.put("environments", cloud.lambda().environments(function).running());
        var left = sqs.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributesAsStrings();
        result.put("queueLeft", left);
        CONSOLE.printf("E2E %s: %.0f events/s (puts done after %.1f s, total %.1f s, average batch %s)%n", function,
                rate(result), putSeconds, seconds, result.get("averageBatchSize"));
        lambda.deleteFunction(r -> r.functionName(function)); // stops its environments before the next scenario
        Thread.sleep(1000);
        return result;
    }

    private double produce(boolean viaEventBridge, String bus, String queueUrl, int count) throws Exception {
        return viaEventBridge ? putEvents(bus, count) : sendMessages(queueUrl, count);
    }

    /** Sends {@code count} OrderPlaced envelopes straight to the queue, 10 per call, from the producer threads. */
    private double sendMessages(String queueUrl, int count) throws Exception {
        return inBatchesOfTen(count, (from, to) -> {
            List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
            for (int n = from; n < to; n++) {
                entries.add(SendMessageBatchRequestEntry.builder().id(Integer.toString(n - from))
                        .messageBody(Bench.orderPlacedEnvelope(n)).build());
            }
            direct.sendMessageBatch(r -> r.queueUrl(queueUrl).entries(entries));
        });
    }

    /** Puts {@code count} OrderPlaced events, 10 per call, from the producer threads; returns the seconds taken. */
    private double putEvents(String bus, int count) throws Exception {
        return inBatchesOfTen(count, (from, to) -> {
            List<PutEventsRequestEntry> entries = new ArrayList<>();
            for (int n = from; n < to; n++) {
                entries.add(PutEventsRequestEntry.builder().eventBusName(bus).source("shop.orders")
                        .detailType("OrderPlaced").detail(Bench.orderPlacedDetail(n)).build());
            }
            PutEventsResponse response = events.putEvents(r -> r.entries(entries));
            if (response.failedEntryCount() != null && response.failedEntryCount() > 0) {
                throw new IllegalStateException("PutEvents refused entries: " + response.entries());
            }
        });
    }

    /** Events {@code [from, to)}, at most 10, sent in one call. */
    private interface BatchSender {
        void send(int from, int to);
    }

    /** Runs {@code sender} over {@code count} events, 10 at a time, from the producer threads; returns the seconds. */
    private static double inBatchesOfTen(int count, BatchSender sender) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(PRODUCERS);
        AtomicInteger next = new AtomicInteger();
        long start = System.nanoTime();
        List<Future<?>> work = new ArrayList<>();
        for (int p = 0; p < PRODUCERS; p++) {
            work.add(threads.submit(() -> {
                for (int from; (from = next.getAndAdd(10)) < count; ) {
                    sender.send(from, Math.min(count, from + 10));
                }
                return null;
            }));
        }
        for (Future<?> future : work) {
            future.get();
        }
        threads.shutdown();
        return (System.nanoTime() - start) / 1e9;
    }

    private static Map<String, Object> round(int count, double seconds, double producerSeconds) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("events", count);
        result.put("seconds", Bench.round(seconds));
        result.put("eventsPerSecond", Bench.round(count / seconds));
        result.put("producersDoneAfterSeconds", Bench.round(producerSeconds));
        return result;
    }

    private static double rate(Map<String, Object> result) {
        return ((Number) result.get("eventsPerSecond")).doubleValue();
    }

    private interface Step {
        Object run() throws Exception;
    }

    private static void run(String what, Step step) throws Exception {
        step.run();
        CONSOLE.println(what + " done");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Object map) {
        return (Map<String, Object>) map;
    }
}
