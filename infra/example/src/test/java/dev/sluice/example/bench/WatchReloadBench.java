package dev.sluice.example.bench;

import dev.sluice.testing.SqsEvents;
import dev.sluice.testing.BarChart;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.cli.Sluice;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.tools.ToolProvider;
import picocli.CommandLine;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;

/**
 * {@code sluice local up --watch}: the time from "the build output is written" to "the first invocation is answered by
 * the new code", over N rounds, split into noticing the new zip, UpdateFunctionCode, and the cold start of the new
 * version's first environment. {@code local up --watch --no-build} runs in this JVM exactly as a user starts it (the
 * public {@link Sluice} command line); each round writes a new function zip where the build would, waits for the
 * reload line, then invokes. Two scenarios, one per run of this main:
 * <ul>
 *   <li>{@code example}: the example project (the repository root, synthesized by its CDK app), whose three functions
 *   share the Quarkus function.zip (a copy of {@code functions/target/function.zip}, given to the app as context);
 *   each round gives it a new zip comment (new bytes, same classes) and invokes fulfillOrder with an SQS event.</li>
 *   <li>{@code plain}: a project made here whose one function is a plain-Java handler answering its version; each round
 *   writes the next compiled version.</li>
 * </ul>
 * Before each round the machine is let settle (no class-data archive being created, 1 s quiet); the reload itself then
 * happens as in a developer's loop, where retiring the old version's trained environment starts the old version's
 * archive step alongside the new cold start.
 *
 * <pre>infra/example/bench/run.sh [example|plain|all]   # -Dbench.rounds=8</pre>
 */
public final class WatchReloadBench {

    private static final int ROUNDS = Integer.getInteger("bench.rounds", 8);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final Pattern RELOADED = Pattern.compile(
            "reloaded (.+) from (\\S+) in ([\\d.]+) s \\(noticed after ([\\d.]+) s, updated in ([\\d.]+) s\\)");
    private static final Pattern ENDPOINT = Pattern.compile("Local cloud at (http://127\\.0\\.0\\.1:\\d+)");
    private static final PrintStream console = System.out;

    private WatchReloadBench() {
    }

    public static void main(String[] args) throws Exception {
        String scenario = args.length > 0 ? args[0] : "example";
        if (!scenario.equals("example") && !scenario.equals("plain")) {
            throw new IllegalArgumentException("usage: WatchReloadBench example|plain (given " + scenario + ")");
        }
        quietFunctionOutput();
        Path root = exampleRoot();
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("benchmark", "local up --watch: build output written -> first invocation on the new code ("
                + scenario + ")");
        results.put("command", "infra/example/bench/run.sh " + scenario);
        results.put("machine", machine());
        results.put("settings", Map.of("rounds", ROUNDS, "settleBeforeEachRound",
                "no class-data archive being created, then 1 s"));
        List<Map<String, Object>> rounds = scenario.equals("example") ? example(root) : plain();
        results.put("rounds", rounds);
        Map<String, Object> summary = new LinkedHashMap<>();
        for (String key : List.of("noticedMs", "updateFunctionCodeMs", "writtenToReloadedMs", "coldStartMs",
                "writtenToAnswerMs")) {
            summary.put(key, summary(rounds.stream().map(r -> ((Number) r.get(key)).doubleValue()).toList()));
        }
        results.put("summary", summary);
        @SuppressWarnings("unchecked")
        Map<String, Object> machine = (Map<String, Object>) results.get("machine");
        machine.put("loadAverageAtEnd", loadAverage());
        Path out = Files.createDirectories(root.resolve("docs/bench"));
        String name = "watch-reload-" + scenario;
        JSON.writeValue(out.resolve(name + ".json").toFile(), results);
        new BarChart("local up --watch, " + (scenario.equals("example") ? "example (Quarkus, 3 functions share the zip)"
                : "plain-Java handler") + ", " + ROUNDS + " rounds", "ms",
                List.of("noticed", "UpdateFunctionCode", "written -> reloaded", "cold start", "written -> answer"))
                .series("p50", p(summary, "noticedMs", 50), p(summary, "updateFunctionCodeMs", 50),
                        p(summary, "writtenToReloadedMs", 50), p(summary, "coldStartMs", 50),
                        p(summary, "writtenToAnswerMs", 50))
                .series("p95", p(summary, "noticedMs", 95), p(summary, "updateFunctionCodeMs", 95),
                        p(summary, "writtenToReloadedMs", 95), p(summary, "coldStartMs", 95),
                        p(summary, "writtenToAnswerMs", 95))
                .target("goal: written -> reloaded <= 2,000 ms (plus one cold start)", 2000)
                .write(out.resolve(name + ".svg"));
        console.println(JSON.writeValueAsString(summary).replaceAll("\"samplesMs\" : \\[[^]]*]", "..."));
        console.println("wrote " + out.resolve(name + ".json"));
        System.exit(0);
    }

    /**
     * The example: its real function.zip, three functions, fulfillOrder invoked with an SQS event. The app is given a
     * copy of the zip under {@code infra/example/target/} ({@code -c functionZip=...}), so the rounds rewrite the copy
     * and leave the project's own build output alone.
     */
    private static List<Map<String, Object>> example(Path root) throws Exception {
        Path built = root.resolve("functions/target/function.zip");
        if (!Files.isRegularFile(built)) {
            throw new IllegalStateException(built + " is missing: build the project first (its cdk.json build command)");
        }
        Path zip = Files.createDirectories(root.resolve("infra/example/target/watch-bench")).resolve("function.zip");
        byte[] original = withComment(Files.readAllBytes(built), "sluice watch bench");
        Files.write(zip, original);
        try (Watching watching = new Watching(root, "-c", "functionZip=" + zip)) {
            watching.invoke("fulfillOrder", sqsEvent()); // the first environment of the cloud: not measured
            List<Map<String, Object>> rounds = new ArrayList<>();
            for (int round = 1; round <= ROUNDS; round++) {
                byte[] next = withComment(original, "sluice watch bench round " + round + " " + Instant.now());
                rounds.add(watching.round(round, zip, next, "fulfillOrder", sqsEvent(), null));
            }
            return rounds;
        }
    }

    /** A plain-Java handler in a project made here: each round writes the next version. */
    private static List<Map<String, Object>> plain() throws Exception {
        Path project = Files.createTempDirectory("sluice-watch-bench");
        Path zips = Files.createDirectories(project.resolve("versions"));
        for (int version = 0; version <= ROUNDS; version++) {
            Files.write(zips.resolve("v" + version + ".zip"), handlerZip("v" + version));
        }
        Files.createDirectories(project.resolve("target"));
        Files.copy(zips.resolve("v0.zip"), project.resolve("target/handler.zip"));
        Files.writeString(project.resolve("cdk.json"), "{\"app\": \"sh app.sh\"}\n");
        Files.writeString(project.resolve("manifest.json"), """
                {"version": "36.0.0", "artifacts": {"Bench": {"type": "aws:cloudformation:stack",
                  "environment": "aws://unknown-account/unknown-region", "properties": {"templateFile": "Bench.template.json"}}}}
                """);
        Files.writeString(project.resolve("stack.template.json"), """
                {"Resources": {"Greeter": {"Type": "AWS::Lambda::Function",
                  "Metadata": {"aws:asset:path": "asset.ASSET_HASH.zip"},
                  "Properties": {"FunctionName": "greeter", "Runtime": "java21", "Handler": "bench.Greeter::handleRequest",
                    "MemorySize": 512, "Timeout": 30, "Code": {"S3Bucket": "assets", "S3Key": "ASSET_HASH.zip"}}}}}
                """);
        Files.writeString(project.resolve("app.sh"), """
                set -e
                hash=$(sha256sum target/handler.zip | cut -c1-64)
                cp target/handler.zip "$CDK_OUTDIR/asset.$hash.zip"
                sed "s/ASSET_HASH/$hash/g" stack.template.json > "$CDK_OUTDIR/Bench.template.json"
                cp manifest.json "$CDK_OUTDIR/manifest.json"
                """);
        try (Watching watching = new Watching(project)) {
            watching.invoke("greeter", "{}");
            List<Map<String, Object>> rounds = new ArrayList<>();
            for (int round = 1; round <= ROUNDS; round++) {
                rounds.add(watching.round(round, project.resolve("target/handler.zip"),
                        Files.readAllBytes(zips.resolve("v" + round + ".zip")), "greeter", "{}", "\"v" + round + "\""));
            }
            return rounds;
        }
    }

    /** {@code sluice local up --watch --no-build --port 0} on a project, running on a thread of this JVM. */
    private static final class Watching implements AutoCloseable {

        final BlockingQueue<Line> lines = new LinkedBlockingQueue<>();
        final LambdaClient lambda;

        Watching(Path project, String... options) throws Exception {
            CommandLine cli = Sluice.commandLine();
            cli.setOut(new PrintWriter(new LineTap(lines), true));
            cli.setErr(new PrintWriter(new PrintStream(console, true, StandardCharsets.UTF_8), true));
            List<String> args = new ArrayList<>(List.of("local", "up", "--project", project.toString(), "--watch",
                    "--no-build", "--port", "0"));
            args.addAll(List.of(options));
            Thread thread = new Thread(() -> cli.execute(args.toArray(String[]::new)), "local-up");
            thread.setDaemon(true);
            thread.start();
            URI endpoint = null;
            while (endpoint == null) {
                Line line = lines.poll(5, TimeUnit.MINUTES);
                if (line == null) {
                    throw new IllegalStateException("local up did not print its endpoint");
                }
                console.println("  | " + line.text());
                Matcher matcher = ENDPOINT.matcher(line.text());
                if (matcher.find()) {
                    endpoint = URI.create(matcher.group(1));
                }
            }
            for (Line line = lines.poll(5, TimeUnit.MINUTES); ; line = lines.poll(5, TimeUnit.MINUTES)) {
                if (line == null) {
                    throw new IllegalStateException("local up did not get ready");
                }
                console.println("  | " + line.text());
                if (line.text().startsWith("ready in ")) {
                    break;
                }
            }
            lambda = LambdaClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                    .httpClientBuilder(UrlConnectionHttpClient.builder().socketTimeout(Duration.ofMinutes(2))).build();
        }

        String invoke(String function, String payload) {
            InvokeResponse response = lambda.invoke(b -> b.functionName(function)
                    .payload(SdkBytes.fromUtf8String(payload)));
            String body = response.payload().asUtf8String();
            if (response.functionError() != null) {
                throw new IllegalStateException(function + " failed: " + body);
            }
            return body;
        }

        /** Writes {@code bytes} to the output, waits for the reload, invokes; {@code expected}: the answer, or null. */
        Map<String, Object> round(int round, Path output, byte[] bytes, String function, String payload,
                                  String expected) throws Exception {
            awaitQuiet();
            lines.clear();
            long start = System.nanoTime();
            Files.write(output, bytes);
            long written = System.nanoTime();
            Line reloaded = null;
            while (reloaded == null) {
                Line line = lines.poll(2, TimeUnit.MINUTES);
                if (line == null) {
                    throw new IllegalStateException("round " + round + ": no reload within 2 minutes");
                }
                if (RELOADED.matcher(line.text()).matches()) {
                    reloaded = line;
                } else {
                    console.println("  | " + line.text());
                }
            }
            long invokeStart = System.nanoTime();
            String answer = invoke(function, payload);
            long answered = System.nanoTime();
            if (expected != null && !answer.equals(expected)) {
                throw new IllegalStateException("round " + round + ": the first answer after the reload was " + answer
                        + ", not " + expected);
            }
            Matcher matcher = RELOADED.matcher(reloaded.text());
            matcher.matches();
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("round", round);
            row.put("loadAverage", loadAverage());
            row.put("functions", matcher.group(1));
            row.put("writeMs", ms(written - start));
            row.put("noticedMs", Double.parseDouble(matcher.group(4)) * 1000);
            row.put("updateFunctionCodeMs", Double.parseDouble(matcher.group(5)) * 1000);
            row.put("writtenToReloadedMs", ms(reloaded.nanos() - written));
            row.put("coldStartMs", ms(answered - invokeStart));
            row.put("writtenToAnswerMs", ms(answered - written));
            console.printf("round %d: %s | written -> reloaded %.0f ms, cold start %.0f ms, written -> answer %.0f ms%n",
                    round, reloaded.text(), row.get("writtenToReloadedMs"), row.get("coldStartMs"),
                    row.get("writtenToAnswerMs"));
            return row;
        }

        @Override
        public void close() {
            lambda.close(); // the JVM's exit stops local up (its shutdown hook closes the cloud)
        }
    }

    private record Line(String text, long nanos) {
    }

    /** Lines written to the command's stdout, each with the time its newline arrived. */
    private static final class LineTap extends Writer {

        private final BlockingQueue<Line> lines;
        private final StringBuilder current = new StringBuilder();

        LineTap(BlockingQueue<Line> lines) {
            this.lines = lines;
        }

        @Override
        public synchronized void write(char[] chars, int offset, int length) {
            for (int i = offset; i < offset + length; i++) {
                if (chars[i] == '\n') {
                    lines.add(new Line(current.toString(), System.nanoTime()));
                    current.setLength(0);
                } else if (chars[i] != '\r') {
                    current.append(chars[i]);
                }
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }

    /** No class-data archive being made (the local cloud's create step is a JVM of its own), then 1 s. */
    private static void awaitQuiet() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline && ProcessHandle.current().descendants().anyMatch(p -> p.info()
                .commandLine().map(c -> c.contains("AOTMode=create")).orElse(false))) {
            Thread.sleep(100);
        }
        Thread.sleep(1000);
    }

    /** The same zip with another comment: new bytes (a new code version), the same classes. */
    static byte[] withComment(byte[] zip, String comment) {
        byte[] text = comment.getBytes(StandardCharsets.UTF_8);
        for (int at = zip.length - 22; at >= Math.max(0, zip.length - 22 - 0xFFFF); at--) {
            if ((zip[at] & 0xFF) == 0x50 && (zip[at + 1] & 0xFF) == 0x4b && zip[at + 2] == 5 && zip[at + 3] == 6) {
                byte[] result = new byte[at + 22 + text.length];
                System.arraycopy(zip, 0, result, 0, at + 20);
                result[at + 20] = (byte) text.length;
                result[at + 21] = (byte) (text.length >> 8);
                System.arraycopy(text, 0, result, at + 22, text.length);
                return result;
            }
        }
        throw new IllegalArgumentException("not a zip: no end of central directory");
    }

    /** A plain-Java handler answering {@code version}, compiled here and zipped. */
    private static byte[] handlerZip(String version) throws IOException {
        Path work = Files.createTempDirectory("bench-handler");
        Path source = work.resolve("bench/Greeter.java");
        Files.createDirectories(source.getParent());
        Files.writeString(source, """
                package bench;
                import com.amazonaws.services.lambda.runtime.Context;
                import com.amazonaws.services.lambda.runtime.RequestHandler;
                import java.util.Map;
                public class Greeter implements RequestHandler<Map<String, Object>, String> {
                    public String handleRequest(Map<String, Object> input, Context context) { return "VERSION"; }
                }
                """.replace("VERSION", version));
        Path classes = Files.createDirectories(work.resolve("classes"));
        String core = Path.of(com.amazonaws.services.lambda.runtime.Context.class.getProtectionDomain().getCodeSource()
                .getLocation().getPath()).toString();
        if (ToolProvider.getSystemJavaCompiler().run(null, null, null, "--release", "17", "-classpath", core, "-d",
                classes.toString(), source.toString()) != 0) {
            throw new IOException("the bench handler did not compile");
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("bench/Greeter.class"));
            zip.write(Files.readAllBytes(classes.resolve("bench/Greeter.class")));
            zip.closeEntry();
        }
        return bytes.toByteArray();
    }

    /** An SQS event with one OrderPlaced envelope, as the fulfillment queue's mapping delivers it. */
    private static String sqsEvent() {
        String detail = "{\"orderId\":\"o-1\",\"customerId\":\"c-1\",\"items\":[{\"sku\":\"SKU-1\",\"quantity\":2,"
                + "\"unitPrice\":10.00},{\"sku\":\"SKU-2\",\"quantity\":1,\"unitPrice\":10.00}],\"total\":30.00,"
                + "\"currency\":\"USD\"}";
        String envelope = "{\"version\":\"0\",\"id\":\"6a7e8feb-b491-4cf7-a9f1-000000000001\",\"detail-type\":"
                + "\"OrderPlaced\",\"source\":\"shop.orders\",\"account\":\"000000000000\",\"time\":"
                + "\"2026-01-15T10:00:00Z\",\"region\":\"us-east-1\",\"resources\":[],\"detail\":" + detail + "}";
        return SqsEvents.oneRecord(envelope, "arn:aws:sqs:us-east-1:000000000000:fulfillment");
    }

    private static Path exampleRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("cdk.json"))) {
                return dir;
            }
        }
        throw new IllegalStateException("run from the repository: no cdk.json above " + Path.of("").toAbsolutePath());
    }

    /** Function environments print to this JVM's stdout; only the bench's own lines go to the console. */
    private static void quietFunctionOutput() {
        if (!Boolean.getBoolean("bench.verbose")) {
            System.setOut(new PrintStream(OutputStream.nullOutputStream()));
        }
    }

    private static Map<String, Object> machine() {
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("nproc", Runtime.getRuntime().availableProcessors());
        machine.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        machine.put("loadAverageAtStart", loadAverage());
        machine.put("date", Instant.now().toString());
        return machine;
    }

    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static Map<String, Object> summary(List<Double> millis) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("p50Ms", percentile(millis, 50));
        summary.put("p95Ms", percentile(millis, 95));
        summary.put("minMs", millis.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN));
        summary.put("maxMs", millis.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN));
        summary.put("samplesMs", millis);
        return summary;
    }

    /** Nearest-rank percentile. */
    private static double percentile(List<Double> values, double p) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    @SuppressWarnings("unchecked")
    private static double p(Map<String, Object> summary, String key, int percentile) {
        return ((Number) ((Map<String, Object>) summary.get(key)).get("p" + percentile + "Ms")).doubleValue();
    }

    private static double ms(long nanos) {
        return Math.round(nanos / 1e4) / 100.0;
    }
}
