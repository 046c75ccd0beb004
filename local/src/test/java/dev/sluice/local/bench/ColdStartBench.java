package dev.sluice.local.bench;

import dev.sluice.testing.SqsEvents;
import dev.sluice.testing.BarChart;
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
    /**
     * The example function measured: {@code -Dbench.export=notifyCustomer} (with {@code -Dbench.name=...} to keep its
     * files apart) measures notifyCustomer with an OrderFulfilled record instead of fulfillOrder with an OrderPlaced one.
     */
    private static final String FUNCTION = System.getProperty("bench.export", "fulfillOrder");
    private static final Map<String, String> FULFILL_ENV = functionEnvironment();
    private static final Path COMPARE_ZIP = System.getProperty("bench.compareZip") == null ? null
            : Path.of(System.getProperty("bench.compareZip")).toAbsolutePath();
    private static final String NOOP_EVENT = "{\"Records\":[]}";

    private static final PrintStream console = System.out;

    public static void main(String[] args) throws Exception {
        Bench.quietFunctionOutput();
        Map<String, Object> results = Bench.results("cold start and warm invoke", "local/bench/run.sh coldstart");
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
        plain.createFunction(FUNCTION, FUNQY_HANDLER, zip, FULFILL_ENV);
        plain.coldStarts(FUNCTION, sqsEvent(), 1); // the first environment of the cloud, not counted
        plain.retire(FUNCTION, "ready");

        System.setProperty(CDS_SWITCH, "true");
        Phase archived = new Phase(work.resolve("cds"));
        archived.createFunction(FUNCTION, FUNQY_HANDLER, zip, FULFILL_ENV);
        // the training environment writes its archive (dynamic CDS) or AOT configuration when it is retired; the AOT
        // cache's create step runs after it in a JVM of its own
        cds.put("trainingCold", Bench.summary(archived.coldStarts(FUNCTION, sqsEvent(), 1)));
        archived.retire(FUNCTION, "trained");
        Bench.await("the class-data archive to be published", Duration.ofSeconds(120),
                () -> archiveIn(work.resolve("cds")) != null);
        Path archive = archiveIn(work.resolve("cds"));
        String kind = archive.getFileName().toString().equals("app.aot") ? "AOT cache" : "dynamic CDS";
        cds.put("archiveKind", kind);
        cds.put("archive", archive.getFileName().toString());
        cds.put("archiveBytes", Files.size(archive));
        log("class-data archive: %s (%s, %d bytes)", kind, archive.getFileName(), Files.size(archive));

        // -Dbench.compareZip=PATH: the same function from another zip (e.g. before a change), flags only, and the no-op
        // handler again, each in a cloud of its own, in the same rounds: a comparison under the same load.
        Phase compare = null;
        Phase noop = null;
        if (COMPARE_ZIP != null) {
            System.setProperty(CDS_SWITCH, "false"); // read when each cloud's first environment starts
            compare = new Phase(work.resolve("compare"));
            compare.createFunction(FUNCTION, FUNQY_HANDLER, COMPARE_ZIP, FULFILL_ENV);
            compare.coldStarts(FUNCTION, sqsEvent(), 1); // the first environment of the cloud, not counted
            compare.retire(FUNCTION, "ready");
            noop = new Phase(work.resolve("noop"));
            noop.createFunction("noop", TestFunctions.NOOP, noopZip, Map.of());
            noop.coldStarts("noop", NOOP_EVENT, 1);
            noop.retire("noop", "ready");
        }

        // Rounds alternate between the clouds (ABBA...), so that the load of a shared machine falls on all of them.
        List<Phase> phases = new ArrayList<>(List.of(plain, archived));
        if (compare != null) {
            phases.addAll(List.of(compare, noop));
        }
        Map<Phase, List<Double>> cold = new HashMap<>();
        for (int round = 0; round < ROUNDS; round++) {
            List<Phase> order = new ArrayList<>(phases);
            if (round % 2 == 1) {
                java.util.Collections.reverse(order);
            }
            for (Phase phase : order) {
                String function = phase == noop ? "noop" : FUNCTION;
                double millis = phase.coldStart(function, phase == noop ? NOOP_EVENT : sqsEvent(), round);
                cold.computeIfAbsent(phase, k -> new ArrayList<>()).add(millis);
                phase.retire(function, "done-" + round);
            }
        }
        List<Double> coldPlain = cold.get(plain);
        flags.put(FUNCTION + "Cold", Bench.summary(coldPlain));
        cds.put(FUNCTION + "Cold", Bench.summary(cold.get(archived)));
        if (compare != null) {
            Map<String, Object> comparison = new LinkedHashMap<>();
            comparison.put("zip", COMPARE_ZIP.toString());
            comparison.put(FUNCTION + "Cold", Bench.summary(cold.get(compare)));
            comparison.put("plainHandlerCold", Bench.summary(cold.get(noop)));
            double noopP50 = Bench.percentile(cold.get(noop), 50);
            comparison.put("ratioThisZipVsPlainHandlerColdP50", Bench.round(Bench.percentile(coldPlain, 50) / noopP50));
            comparison.put("ratioComparedZipVsPlainHandlerColdP50",
                    Bench.round(Bench.percentile(cold.get(compare), 50) / noopP50));
            comparison.put("thisZipVsComparedZipColdP50",
                    Bench.round(Bench.percentile(coldPlain, 50) / Bench.percentile(cold.get(compare), 50)));
            results.put("interleavedComparison", comparison);
            log("interleaved: %s p50 %.0f ms (this zip), %.0f ms (%s), no-op %.0f ms", FUNCTION,
                    Bench.percentile(coldPlain, 50), Bench.percentile(cold.get(compare), 50), COMPARE_ZIP.getFileName(),
                    noopP50);
            compare.close();
            noop.close();
        }
        flags.put(FUNCTION + "Warm", Bench.summary(plain.warm(FUNCTION, sqsEvent(), WARM)));
        plain.retire(FUNCTION, "warm-done");
        cds.put(FUNCTION + "Warm", Bench.summary(archived.warm(FUNCTION, sqsEvent(), WARM)));
        plain.close();
        archived.close();
        results.put("managedRuntimeFlags", flags);
        results.put("classDataSharing", cds);
        Map<String, Object> machine = cast(results.get("machine"));
        machine.put("loadAverageAtEnd", Bench.loadAverage());

        double coldFlags = p(flags, FUNCTION + "Cold", "p50Ms");
        double coldCds = p(cds, FUNCTION + "Cold", "p50Ms");
        Map<String, Object> ratios = new LinkedHashMap<>();
        ratios.put("cdsVsFlagsColdP50", Bench.round(coldCds / coldFlags));
        ratios.put(FUNCTION + "VsPlainHandlerColdP50", Bench.round(coldFlags / p(flags, "plainHandlerCold", "p50Ms")));
        ratios.put(FUNCTION + "FlagsVsJavaVersionP50", Bench.round(coldFlags / Bench.percentile(jvm, 50)));
        results.put("ratios", ratios);
        Bench.write(NAME, results);

        new BarChart("Cold start, process start to first response (" + ROUNDS + " rounds)", "ms",
                List.of("java -version", "plain handler", FUNCTION + ": flags", FUNCTION + ": flags + " + kind))
                .series("p50", Bench.percentile(jvm, 50), p(flags, "plainHandlerCold", "p50Ms"), coldFlags, coldCds)
                .series("p95", Bench.percentile(jvm, 95), p(flags, "plainHandlerCold", "p95Ms"),
                        p(flags, FUNCTION + "Cold", "p95Ms"), p(cds, FUNCTION + "Cold", "p95Ms"))
                .target("target flags 1000 ms", 1000).target("target CDS 800 ms", 800)
                .write(Bench.outputDir().resolve(NAME + ".svg"));
        new BarChart("Warm invoke through the edge and the Runtime API (" + WARM + " invokes)", "ms",
                List.of("plain handler", FUNCTION + ": flags", FUNCTION + ": flags + " + kind))
                .series("p50", p(flags, "plainHandlerWarm", "p50Ms"), p(flags, FUNCTION + "Warm", "p50Ms"),
                        p(cds, FUNCTION + "Warm", "p50Ms"))
                .series("p95", p(flags, "plainHandlerWarm", "p95Ms"), p(flags, FUNCTION + "Warm", "p95Ms"),
                        p(cds, FUNCTION + "Warm", "p95Ms"))
                .target("target p50 3 ms", 3)
                .write(Bench.outputDir().resolve(NAME.replace("coldstart", "warm") + ".svg"));
        console.println("class-data archive: " + kind);
        log(FUNCTION + " cold: flags p50 %.0f ms, p95 %.0f ms; flags + %s p50 %.0f ms, p95 %.0f ms", coldFlags,
                p(flags, FUNCTION + "Cold", "p95Ms"), kind, coldCds, p(cds, FUNCTION + "Cold", "p95Ms"));
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
        return SqsEvents.oneRecord(FUNCTION.equals("notifyCustomer") ? orderFulfilledEnvelope()
                : Bench.orderPlacedEnvelope(1), "arn:aws:sqs:us-east-1:000000000000:fulfillment");
    }

    /** fulfillOrder's variables, exporting {@link #FUNCTION} instead. */
    private static Map<String, String> functionEnvironment() {
        Map<String, String> env = new LinkedHashMap<>(Bench.fulfillOrderEnvironment());
        env.put("QUARKUS_FUNQY_EXPORT", FUNCTION);
        return Map.copyOf(env);
    }

    /** What fulfillOrder publishes for {@link Bench#orderPlacedDetail(int)}, as the notifications queue delivers it. */
    private static String orderFulfilledEnvelope() {
        return "{\"version\":\"0\",\"id\":\"7b8e9fab-c5a2-4d0f-b1e2-000000000001\",\"detail-type\":\"OrderFulfilled\","
                + "\"source\":\"shop.orders\",\"account\":\"000000000000\",\"time\":\"2026-01-15T10:00:01Z\","
                + "\"region\":\"us-east-1\",\"resources\":[],\"detail\":{\"orderId\":\"o-1\",\"customerId\":\"c-1\","
                + "\"total\":30.00,\"currency\":\"USD\"}}";
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
