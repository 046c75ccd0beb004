package dev.sluice.local.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** What every benchmark main shares: the machine's description, percentiles, RSS, and writing results. */
final class Bench {

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Bench() {
    }

    /**
     * Sends what the function environments print (they copy their output to this JVM's stdout and stderr) nowhere,
     * unless {@code -Dbench.verbose=true}; the bench's own lines go to the streams it kept. Uncaught errors still
     * reach the original stderr.
     */
    static void quietFunctionOutput() {
        if (Boolean.getBoolean("bench.verbose")) {
            return;
        }
        java.io.PrintStream err = System.err;
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> {
            err.println("bench: uncaught in " + thread.getName());
            e.printStackTrace(err);
            System.exit(1);
        });
        System.setOut(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
        System.setErr(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
    }

    /** Where results go: {@code -Dbench.out=DIR}, default {@code docs/bench} (run from the repository root). */
    static Path outputDir() throws IOException {
        return Files.createDirectories(Path.of(System.getProperty("bench.out", "docs/bench")));
    }

    /** nproc, memory, Java and the load average now (the load is also read at the end of each run). */
    /** A benchmark's results as they start: its name, the command that runs it and the machine. */
    static Map<String, Object> results(String benchmark, String command) {
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("benchmark", benchmark);
        results.put("command", command);
        results.put("machine", machine());
        return results;
    }

    static Map<String, Object> machine() {
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("nproc", Runtime.getRuntime().availableProcessors());
        machine.put("memTotalMb", memTotalMb());
        machine.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
                + " (" + System.getProperty("java.vendor") + ")");
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        machine.put("loadAverageAtStart", loadAverage());
        machine.put("date", Instant.now().toString());
        return machine;
    }

    /** /proc/loadavg's first three numbers. */
    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static long memTotalMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return Long.parseLong(line.replaceAll("\\D+", "")) / 1024;
                }
            }
        } catch (IOException e) {
            // fall through
        }
        return -1;
    }

    /** Resident set size of a process in KB (/proc/PID/status VmRSS), or 0 when it is gone. */
    static long rssKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D+", ""));
                }
            }
        } catch (IOException | RuntimeException gone) {
            // the process ended
        }
        return 0;
    }

    /** Nearest-rank percentile of {@code values} (0 < p <= 100). */
    static double percentile(List<Double> values, double p) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    static Map<String, Object> summary(List<Double> millis) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("n", millis.size());
        summary.put("p50Ms", round(percentile(millis, 50)));
        summary.put("p95Ms", round(percentile(millis, 95)));
        summary.put("minMs", round(millis.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN)));
        summary.put("maxMs", round(millis.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN)));
        summary.put("samplesMs", millis.stream().map(Bench::round).toList());
        return summary;
    }

    static double round(double value) {
        return Math.round(value * 100.0) / 100.0;
    }

    static double millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e6;
    }

    static void write(String name, Map<String, Object> results) throws IOException {
        Path file = outputDir().resolve(name + ".json");
        JSON.writeValue(file.toFile(), results);
        System.out.println("wrote " + file);
    }

    /** Removes a benchmark's work folder (unpacked code, archives, queues' state) once its cloud is closed. */
    static void deleteTree(Path root) {
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            System.err.println("bench: could not remove " + root + ": " + e.getMessage());
        }
    }

    static void await(String what, Duration limit, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("gave up waiting for " + what + " after " + limit.toSeconds() + " s");
            }
            Thread.sleep(20);
        }
    }

    /** The example function.zip: {@code -Dbench.functionZip=PATH}, default {@code functions/target/function.zip}. */
    /**
     * The example fulfillOrder's environment variables; {@code -Dbench.functionToolOptions=...} becomes its
     * JAVA_TOOL_OPTIONS, to profile it (e.g. {@code -XX:StartFlightRecording} or {@code -Xlog:class+load}).
     */
    static Map<String, String> fulfillOrderEnvironment() {
        Map<String, String> env = new LinkedHashMap<>(Map.of("QUARKUS_FUNQY_EXPORT", "fulfillOrder",
                "ORDERS_BUS_NAME", "orders"));
        String toolOptions = System.getProperty("bench.functionToolOptions");
        if (toolOptions != null && !toolOptions.isBlank()) {
            env.put("JAVA_TOOL_OPTIONS", toolOptions);
        }
        return Map.copyOf(env);
    }

    static Path functionZip() {
        Path zip = Path.of(System.getProperty("bench.functionZip", "functions/target/function.zip")).toAbsolutePath();
        if (!Files.isRegularFile(zip)) {
            throw new IllegalStateException(zip + " is missing: build it with ./mvnw -B -q -pl functions package -DskipTests");
        }
        return zip;
    }

    /** An OrderPlaced envelope's detail, as the example producer sends it. */
    static String orderPlacedDetail(int n) {
        return "{\"orderId\":\"o-" + n + "\",\"customerId\":\"c-" + (n % 97) + "\",\"items\":["
                + "{\"sku\":\"SKU-1\",\"quantity\":2,\"unitPrice\":10.00},"
                + "{\"sku\":\"SKU-2\",\"quantity\":1,\"unitPrice\":10.00}],\"total\":30.00,\"currency\":\"USD\"}";
    }

    /** The envelope EventBridge delivers to the fulfillment queue for {@link #orderPlacedDetail(int)}. */
    static String orderPlacedEnvelope(int n) {
        return "{\"version\":\"0\",\"id\":\"6a7e8feb-b491-4cf7-a9f1-" + String.format("%012d", n)
                + "\",\"detail-type\":\"OrderPlaced\",\"source\":\"shop.orders\",\"account\":\"000000000000\","
                + "\"time\":\"2026-01-15T10:00:00Z\",\"region\":\"us-east-1\",\"resources\":[],\"detail\":"
                + orderPlacedDetail(n) + "}";
    }
}
