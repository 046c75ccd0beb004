package dev.sluice.local.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.local.LocalCloud;
import dev.sluice.local.core.LocalClients;
import dev.sluice.local.lambda.runtime.FunctionJdk;
import dev.sluice.testing.TestFunctions;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.Runtime;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Cold start (process start to first response, measured around the Invoke API call that starts the environment) and
 * warm invoke latency through the whole path (SDK -> edge -> Lambda service -> Runtime API -> RIC -> function and back),
 * for the example fulfillOrder with a valid SQS event: with the managed runtime's JVM flags, then with the automatic
 * class-data-sharing archive (the AOT cache on JDK 24+, dynamic CDS before; reported as {@code archiveKind}). Baselines in the same run: a bare {@code java -version} with the same flags and the
 * plain-Java no-op handler.
 *
 * <p>Each cold round changes the function's configuration (a new version retires the warm environment, as on AWS),
 * waits until no function process is left and the machine settles, then invokes once.
 *
 * <pre>local/bench/run.sh coldstart   # -Dbench.rounds=12 -Dbench.warm=300</pre>
 */
public final class ColdStartBench {

    private static final int ROUNDS = Integer.getInteger("bench.rounds", 12);
    private static final int WARM = Integer.getInteger("bench.warm", 300);
    /**
     * Unmeasured invokes before the warm ones. The local cloud's JVM (C2) and the function's (C1) keep getting faster for
     * a few hundred invocations (no-op p50 3.3 -> 2.6 -> 2.4 -> 2.3 ms over blocks of 300): warm means steady state.
     */
    private static final int WARM_UP = Integer.getInteger("bench.warmUp", 500);
    private static final Duration SETTLE = Duration.ofMillis(Integer.getInteger("bench.settleMillis", 700));
    private static final String CDS_SWITCH = "sluice.lambda.classDataSharing";
    /** Output name: {@code -Dbench.name=coldstart-java17} keeps a comparison run apart. */
    private static final String NAME = System.getProperty("bench.name", "coldstart");

    private static final String FUNQY_HANDLER = "io.quarkus.funqy.lambda.FunqyStreamHandler::handleRequest";
    private static final Map<String, String> FULFILL_ENV = Bench.fulfillOrderEnvironment();

    private static final PrintStream console = System.out;

    public static void main(String[] args) throws Exception {
        Bench.quietFunctionOutput();
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("benchmark", "cold start and warm invoke");
        results.put("command", "local/bench/run.sh coldstart");
        results.put("machine", Bench.machine());
        FunctionJdk jdk = FunctionJdk.forRuntime("java21");
        results.put("functionJdk", Map.of("home", jdk.home().toString(), "feature", jdk.feature(),
                "reason", jdk.reason()));
        results.put("settings", Map.of("rounds", ROUNDS, "warmInvokes", WARM, "warmUpInvokes", WARM_UP, "memoryMb", 512,
                "settleMillisBeforeEachColdStart", SETTLE.toMillis()));
        Path zip = Bench.functionZip();
        Path work = Files.createTempDirectory("sluice-bench-cold");
        Path noopZip = TestFunctions.ZIP.writeTo(work.resolve("noop.zip"));

        List<Double> jvm = jvmVersionStarts();
        results.put("javaVersionStart", Bench.summary(jvm));
        log("java -version with the runtime's flags: p50 %.0f ms", Bench.percentile(jvm, 50));

        Map<String, Object> flags = new LinkedHashMap<>();
        Map<String, Object> cds = new LinkedHashMap<>();
        System.setProperty(CDS_SWITCH, "false");
        Phase plain = new Phase(work.resolve("flags"));
        plain.createFunction("noop", TestFunctions.NOOP, noopZip, Map.of());
        flags.put("plainHandlerCold", Bench.summary(plain.coldStarts("noop", "{\"Records\":[]}", ROUNDS)));
        flags.put("plainHandlerWarm", Bench.summary(plain.warm("noop", "{\"Records\":[]}", WARM)));
        plain.delete("noop");
        plain.createFunction("fulfillOrder", FUNQY_HANDLER, zip, FULFILL_ENV);
        plain.coldStarts("fulfillOrder", sqsEvent(), 1); // the first environment of the cloud, not counted
        plain.retire("fulfillOrder", "ready");

        System.setProperty(CDS_SWITCH, "true");
        Phase archived = new Phase(work.resolve("cds"));
        archived.createFunction("fulfillOrder", FUNQY_HANDLER, zip, FULFILL_ENV);
        // the training environment writes its archive (dynamic CDS) or AOT configuration when it is retired; the AOT
        // cache's create step runs after it in a JVM of its own
        cds.put("trainingCold", Bench.summary(archived.coldStarts("fulfillOrder", sqsEvent(), 1)));
        archived.retire("fulfillOrder", "trained");
        Bench.await("the class-data archive to be published", Duration.ofSeconds(120),
                () -> archiveIn(work.resolve("cds")) != null);
        Path archive = archiveIn(work.resolve("cds"));
        String kind = archive.getFileName().toString().equals("app.aot") ? "AOT cache" : "dynamic CDS";
        cds.put("archiveKind", kind);
        cds.put("archive", archive.getFileName().toString());
        cds.put("archiveBytes", Files.size(archive));
        log("class-data archive: %s (%s, %d bytes)", kind, archive.getFileName(), Files.size(archive));

        // Rounds alternate between the two clouds (ABBA...), so that the load of a shared machine falls on both.
        List<Double> coldPlain = new ArrayList<>();
        List<Double> coldArchived = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            boolean plainFirst = round % 2 == 0;
            for (Phase phase : plainFirst ? List.of(plain, archived) : List.of(archived, plain)) {
                double millis = phase.coldStart("fulfillOrder", sqsEvent(), round);
                (phase == plain ? coldPlain : coldArchived).add(millis);
                phase.retire("fulfillOrder", "done-" + round);
            }
        }
        flags.put("fulfillOrderCold", Bench.summary(coldPlain));
        cds.put("fulfillOrderCold", Bench.summary(coldArchived));
        flags.put("fulfillOrderWarm", Bench.summary(plain.warm("fulfillOrder", sqsEvent(), WARM)));
        plain.retire("fulfillOrder", "warm-done");
        cds.put("fulfillOrderWarm", Bench.summary(archived.warm("fulfillOrder", sqsEvent(), WARM)));
        plain.close();
        archived.close();
        results.put("managedRuntimeFlags", flags);
        results.put("classDataSharing", cds);
        Map<String, Object> machine = cast(results.get("machine"));
        machine.put("loadAverageAtEnd", Bench.loadAverage());

        double coldFlags = p(flags, "fulfillOrderCold", "p50Ms");
        double coldCds = p(cds, "fulfillOrderCold", "p50Ms");
        Map<String, Object> ratios = new LinkedHashMap<>();
        ratios.put("cdsVsFlagsColdP50", Bench.round(coldCds / coldFlags));
        ratios.put("fulfillOrderVsPlainHandlerColdP50", Bench.round(coldFlags / p(flags, "plainHandlerCold", "p50Ms")));
        ratios.put("fulfillOrderFlagsVsJavaVersionP50", Bench.round(coldFlags / Bench.percentile(jvm, 50)));
        results.put("ratios", ratios);
        Bench.write(NAME, results);

        new BarChart("Cold start, process start to first response (" + ROUNDS + " rounds)", "ms",
                List.of("java -version", "plain handler", "fulfillOrder: flags", "fulfillOrder: flags + " + kind))
                .series("p50", Bench.percentile(jvm, 50), p(flags, "plainHandlerCold", "p50Ms"), coldFlags, coldCds)
                .series("p95", Bench.percentile(jvm, 95), p(flags, "plainHandlerCold", "p95Ms"),
                        p(flags, "fulfillOrderCold", "p95Ms"), p(cds, "fulfillOrderCold", "p95Ms"))
                .target("target flags 1000 ms", 1000).target("target CDS 800 ms", 800)
                .write(Bench.outputDir().resolve(NAME + ".svg"));
        new BarChart("Warm invoke through the edge and the Runtime API (" + WARM + " invokes)", "ms",
                List.of("plain handler", "fulfillOrder: flags", "fulfillOrder: flags + " + kind))
                .series("p50", p(flags, "plainHandlerWarm", "p50Ms"), p(flags, "fulfillOrderWarm", "p50Ms"),
                        p(cds, "fulfillOrderWarm", "p50Ms"))
                .series("p95", p(flags, "plainHandlerWarm", "p95Ms"), p(flags, "fulfillOrderWarm", "p95Ms"),
                        p(cds, "fulfillOrderWarm", "p95Ms"))
                .target("target p50 3 ms", 3)
                .write(Bench.outputDir().resolve(NAME.replace("coldstart", "warm") + ".svg"));
        console.println("class-data archive: " + kind);
        log("fulfillOrder cold: flags p50 %.0f ms, p95 %.0f ms; flags + %s p50 %.0f ms, p95 %.0f ms", coldFlags,
                p(flags, "fulfillOrderCold", "p95Ms"), kind, coldCds, p(cds, "fulfillOrderCold", "p95Ms"));
        console.println(Bench.JSON.writeValueAsString(ratios));
        console.println("load average at end: " + Bench.loadAverage());
        Bench.deleteTree(work);
        System.exit(0);
    }

    /** One local cloud with the archive switch as set when its first environment starts. */
    private static final class Phase implements AutoCloseable {

        final String name;
        final LocalCloud cloud;
        final LambdaClient lambda;
        final Map<String, Map<String, String>> variables = new HashMap<>();

        Phase(Path workDir) {
            name = workDir.getFileName().toString();
            cloud = LocalCloud.builder().port(0).workDir(workDir).build().start();
            lambda = LocalClients.create(LambdaClient.builder(), cloud.endpoint(), "us-east-1");
            try (EventBridgeClient events = LocalClients.create(EventBridgeClient.builder(), cloud.endpoint(), "us-east-1")) {
                events.createEventBus(r -> r.name("orders")); // where fulfillOrder publishes its outcome
            }
            try (SqsClient sqs = LocalClients.create(SqsClient.builder(), cloud.endpoint(), "us-east-1")) {
                sqs.createQueue(r -> r.queueName("outbox")); // the example's outbox channel looks it up at boot
            }
        }

        void createFunction(String name, String handler, Path zip, Map<String, String> env) {
            variables.put(name, env);
            lambda.createFunction(r -> r.functionName(name).runtime(Runtime.JAVA21).handler(handler)
                    .role("arn:aws:iam::000000000000:role/bench").timeout(30).memorySize(512)
                    .environment(e -> e.variables(env))
                    .code(c -> c.s3Bucket("hot-reload").s3Key(zip.toString())));
        }

        /** Deletes a function, which stops its environments, so that only the next one's processes run. */
        void delete(String function) throws InterruptedException {
            lambda.deleteFunction(r -> r.functionName(function));
            Bench.await("the environments of " + function + " to exit", Duration.ofSeconds(60),
                    () -> ProcessHandle.current().descendants().findAny().isEmpty());
        }

        /** A new configuration version: the warm environment is retired; waits until its process is gone. */
        void retire(String function, String round) throws InterruptedException {
            Map<String, String> env = new HashMap<>(variables.get(function));
            env.put("BENCH_ROUND", round);
            lambda.updateFunctionConfiguration(r -> r.functionName(function).environment(e -> e.variables(env)));
            Bench.await("the old environment to exit", Duration.ofSeconds(60),
                    () -> ProcessHandle.current().descendants().findAny().isEmpty());
            Thread.sleep(SETTLE.toMillis());
        }

        List<Double> coldStarts(String function, String payload, int rounds) throws InterruptedException {
            List<Double> millis = new ArrayList<>();
            for (int i = 0; i < rounds; i++) {
                retire(function, Integer.toString(i));
                millis.add(coldStart(function, payload, i));
            }
            return millis;
        }

        /** Invokes once; no environment of this JVM may be running (the caller retired them). */
        double coldStart(String function, String payload, int round) {
            long start = System.nanoTime();
            check(invoke(function, payload));
            double millis = Bench.millisSince(start);
            log("%s %s cold start %d: %.0f ms", name, function, round, millis);
            return millis;
        }

        List<Double> warm(String function, String payload, int invokes) {
            for (int i = 0; i < WARM_UP; i++) {
                check(invoke(function, payload));
            }
            List<Double> millis = new ArrayList<>();
            for (int i = 0; i < invokes; i++) {
                long start = System.nanoTime();
                check(invoke(function, payload));
                millis.add(Bench.millisSince(start));
            }
            log("%s warm: p50 %.2f ms, p95 %.2f ms", function, Bench.percentile(millis, 50),
                    Bench.percentile(millis, 95));
            return millis;
        }

        private InvokeResponse invoke(String function, String payload) {
            return lambda.invoke(r -> r.functionName(function).payload(SdkBytes.fromUtf8String(payload)));
        }

        private static void check(InvokeResponse response) {
            String body = response.payload().asUtf8String();
            if (response.functionError() != null || body.contains("\"itemIdentifier\"")) {
                throw new IllegalStateException("the function failed: " + body);
            }
        }

        @Override
        public void close() {
            lambda.close();
            cloud.close();
        }
    }

    /** The published archive (app.aot or app.jsa) under a cloud's work folder, or null while there is none. */
    private static Path archiveIn(Path workDir) {
        try (var found = Files.walk(workDir)) {
            return found.filter(p -> p.getFileName().toString().matches("app\\.(jsa|aot)")).findFirst().orElse(null);
        } catch (IOException | java.io.UncheckedIOException e) {
            return null; // a temporary file went away while walking
        }
    }

    /** An SQS event with one valid OrderPlaced record, as the fulfillment queue's mapping delivers it. */
    static String sqsEvent() {
        ObjectNode event = Bench.JSON.createObjectNode();
        ArrayNode records = event.putArray("Records");
        ObjectNode record = records.addObject();
        record.put("messageId", "0f3c6a2e-1b7d-4c55-9a0e-6d2f7a1c9e01");
        record.put("receiptHandle", "bench");
        record.put("body", Bench.orderPlacedEnvelope(1));
        ObjectNode attributes = record.putObject("attributes");
        attributes.put("ApproximateReceiveCount", "1");
        attributes.put("SentTimestamp", "1768471200000");
        attributes.put("SenderId", "000000000000");
        attributes.put("ApproximateFirstReceiveTimestamp", "1768471200010");
        record.putObject("messageAttributes");
        record.put("md5OfBody", "");
        record.put("eventSource", "aws:sqs");
        record.put("eventSourceARN", "arn:aws:sqs:us-east-1:000000000000:fulfillment");
        record.put("awsRegion", "us-east-1");
        return event.toString();
    }

    /** Bare JVM starts with the managed runtime's flags: the floor under any cold start. */
    private static List<Double> jvmVersionStarts() throws IOException, InterruptedException {
        String java = FunctionJdk.forRuntime("java21").java().toString();
        List<Double> millis = new ArrayList<>();
        for (int i = 0; i < ROUNDS; i++) {
            long start = System.nanoTime();
            Process process = new ProcessBuilder(java, "-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1",
                    "-XX:+UseSerialGC", "-version").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            process.waitFor();
            millis.add(Bench.millisSince(start));
        }
        return millis;
    }

    private static double p(Map<String, Object> section, String key, String field) {
        Map<String, Object> summary = cast(section.get(key));
        return ((Number) summary.get(field)).doubleValue();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Object map) {
        return (Map<String, Object>) map;
    }

    private static void log(String format, Object... args) {
        console.println(String.format(java.util.Locale.ROOT, format, args));
    }
}
