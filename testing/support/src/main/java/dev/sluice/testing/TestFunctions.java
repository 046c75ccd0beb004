package dev.sluice.testing;

/**
 * The plain-Java functions (no Quarkus) Sluice's tests and benchmarks run, in one function.zip compiled with javac
 * against aws-lambda-java-core: each test picks its function by handler.
 */
public final class TestFunctions {

    /**
     * Echoes its input with facts of its environment; {@code action} fail, exit, sleep (millis) and oom (fills the heap)
     * do what they say; {@code print} and {@code printErr} are written to stdout and stderr first, as given.
     */
    public static final String ECHO = "fixture.Echo::handleRequest";
    /**
     * An SQS batch handler: bodies containing "fail-always" (or "fail-once" on the first receive) are reported failed,
     * "throw" fails the batch, "slow" takes 300 ms; each record is logged to {@code RECORD_FILE} when set.
     */
    public static final String BATCH = "fixture.Batch::handleRequest";
    /** Fails in its static initializer after printing a line. */
    public static final String BROKEN_INIT = "fixture.BrokenInit::handleRequest";
    /** A handler class the zip does not hold. */
    public static final String MISSING = "fixture.Missing::handleRequest";
    /**
     * An SQS handler that stands for I/O-bound work: sleeps {@code WORK_MILLIS} (default 100) per record, one after the
     * other, and reports no failures.
     */
    public static final String SLEEP = "fixture.Sleep::handleRequest";
    /**
     * Sleeps {@code INIT_MILLIS} (default 2000) in its static initializer, a slow cold start that uses no CPU; then
     * appends one line per SQS record ({@code <body> <ApproximateReceiveCount>}) or per other event
     * ({@code event <payload>}) to {@code RECORD_FILE}, and reports no failures.
     */
    public static final String SLOW_INIT = "fixture.SlowInit::handleRequest";
    /** Reads the SQS event and reports no batch item failures: the platform's floor. */
    public static final String NOOP = "fixture.Noop::handleRequest";

    private static final String ECHO_SOURCE = """
            package fixture;
            import com.amazonaws.services.lambda.runtime.Context;
            import com.amazonaws.services.lambda.runtime.RequestHandler;
            import java.nio.file.*;
            import java.util.*;
            public class Echo implements RequestHandler<Map<String, Object>, Map<String, Object>> {
                public Map<String, Object> handleRequest(Map<String, Object> input, Context context) {
                    Object appendTo = input.get("appendTo");
                    if (appendTo != null) {
                        try {
                            Files.writeString(Path.of(appendTo.toString()), input.get("action") + "\\n",
                                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                        } catch (java.io.IOException e) { throw new RuntimeException(e); }
                    }
                    if (input.get("print") != null) System.out.println(input.get("print"));
                    if (input.get("printErr") != null) System.err.println(input.get("printErr"));
                    String action = String.valueOf(input.getOrDefault("action", "echo"));
                    if (action.equals("fail")) throw new IllegalStateException("failed on demand");
                    if (action.equals("oom")) {
                        List<long[]> hog = new ArrayList<>();
                        while (true) hog.add(new long[1 << 20]);
                    }
                    if (action.equals("exit")) System.exit(3);
                    if (action.equals("sleep")) {
                        try { Thread.sleep(((Number) input.get("millis")).longValue()); }
                        catch (InterruptedException e) { throw new RuntimeException(e); }
                    }
                    Map<String, Object> out = new LinkedHashMap<>();
                    out.put("input", input);
                    out.put("pid", ProcessHandle.current().pid());
                    out.put("function", System.getenv("AWS_LAMBDA_FUNCTION_NAME"));
                    out.put("greeting", System.getenv("GREETING"));
                    out.put("endpoint", System.getenv("AWS_ENDPOINT_URL"));
                    out.put("requestId", context.getAwsRequestId());
                    out.put("logStream", System.getenv("AWS_LAMBDA_LOG_STREAM_NAME"));
                    out.put("remainingMillis", context.getRemainingTimeInMillis());
                    return out;
                }
            }
            """;

    private static final String BATCH_SOURCE = """
            package fixture;
            import com.amazonaws.services.lambda.runtime.Context;
            import com.amazonaws.services.lambda.runtime.RequestHandler;
            import java.nio.file.*;
            import java.util.*;
            /** SQS batch handler: bodies containing "fail" are reported failed ("fail-once" only on first receive). */
            public class Batch implements RequestHandler<Map<String, Object>, Map<String, Object>> {
                @SuppressWarnings("unchecked")
                public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
                    List<Map<String, Object>> failures = new ArrayList<>();
                    StringBuilder log = new StringBuilder();
                    for (Map<String, Object> record : (List<Map<String, Object>>) event.get("Records")) {
                        String body = (String) record.get("body");
                        Map<String, Object> attributes = (Map<String, Object>) record.get("attributes");
                        int received = Integer.parseInt((String) attributes.get("ApproximateReceiveCount"));
                        if (body.contains("throw")) throw new IllegalStateException("batch failed on demand");
                        if (body.contains("slow")) {
                            try { Thread.sleep(300); } catch (InterruptedException e) { throw new RuntimeException(e); }
                        }
                        boolean fail = body.contains("fail-always") || (body.contains("fail-once") && received == 1);
                        log.append(attributes.get("MessageGroupId")).append(' ').append(body).append(' ')
                                .append(fail ? "fail" : "ok").append('\\n');
                        if (fail) failures.add(Map.of("itemIdentifier", record.get("messageId")));
                    }
                    String file = System.getenv("RECORD_FILE");
                    if (file != null) {
                        try {
                            Files.writeString(Path.of(file), log, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                        } catch (java.io.IOException e) { throw new RuntimeException(e); }
                    }
                    return Map.of("batchItemFailures", failures);
                }
            }
            """;

    private static final String BROKEN_INIT_SOURCE = """
            package fixture;
            import com.amazonaws.services.lambda.runtime.Context;
            import com.amazonaws.services.lambda.runtime.RequestHandler;
            import java.util.Map;
            public class BrokenInit implements RequestHandler<Map<String, Object>, String> {
                static {
                    System.out.println("cause-of-init-failure: missing setting");
                    if (true) throw new IllegalStateException("init failed on purpose");
                }
                public String handleRequest(Map<String, Object> input, Context context) { return "never"; }
            }
            """;

    private static final String SLEEP_SOURCE = """
            package fixture;
            import com.amazonaws.services.lambda.runtime.Context;
            import com.amazonaws.services.lambda.runtime.RequestHandler;
            import java.util.*;
            public class Sleep implements RequestHandler<Map<String, Object>, Map<String, Object>> {
                private static final long WORK_MILLIS =
                        Long.parseLong(Objects.requireNonNullElse(System.getenv("WORK_MILLIS"), "100"));
                @SuppressWarnings("unchecked")
                public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
                    List<Object> records = (List<Object>) event.getOrDefault("Records", List.of());
                    for (Object record : records) {
                        try { Thread.sleep(WORK_MILLIS); } catch (InterruptedException e) { throw new RuntimeException(e); }
                    }
                    return Map.of("batchItemFailures", List.of());
                }
            }
            """;

    private static final String SLOW_INIT_SOURCE = """
            package fixture;
            import com.amazonaws.services.lambda.runtime.Context;
            import com.amazonaws.services.lambda.runtime.RequestHandler;
            import java.nio.file.*;
            import java.util.*;
            public class SlowInit implements RequestHandler<Map<String, Object>, Map<String, Object>> {
                static {
                    try {
                        Thread.sleep(Long.parseLong(Objects.requireNonNullElse(System.getenv("INIT_MILLIS"), "2000")));
                    } catch (InterruptedException e) { throw new RuntimeException(e); }
                }
                @SuppressWarnings("unchecked")
                public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
                    StringBuilder log = new StringBuilder();
                    Object records = event.get("Records");
                    if (records instanceof List) {
                        for (Map<String, Object> record : (List<Map<String, Object>>) records) {
                            Map<String, Object> attributes = (Map<String, Object>) record.get("attributes");
                            log.append(record.get("body")).append(' ')
                                    .append(attributes.get("ApproximateReceiveCount")).append('\\n');
                        }
                    } else {
                        log.append("event ").append(event.get("n")).append('\\n');
                    }
                    String file = System.getenv("RECORD_FILE");
                    if (file != null) {
                        try {
                            Files.writeString(Path.of(file), log, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                        } catch (java.io.IOException e) { throw new RuntimeException(e); }
                    }
                    return Map.of("batchItemFailures", List.of());
                }
            }
            """;

    private static final String NOOP_SOURCE = """
            package fixture;
            import com.amazonaws.services.lambda.runtime.Context;
            import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
            import java.io.*;
            public class Noop implements RequestStreamHandler {
                public void handleRequest(InputStream in, OutputStream out, Context context) throws IOException {
                    in.readAllBytes();
                    out.write("{\\"batchItemFailures\\":[]}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
                }
            }
            """;

    /** The zip with every fixture handler (compiled once per test JVM). */
    public static final HandlerZip ZIP = HandlerZip.of("fixture.Echo", ECHO_SOURCE)
            .with("fixture.Batch", BATCH_SOURCE)
            .with("fixture.BrokenInit", BROKEN_INIT_SOURCE)
            .with("fixture.Sleep", SLEEP_SOURCE)
            .with("fixture.Noop", NOOP_SOURCE)
            .with("fixture.SlowInit", SLOW_INIT_SOURCE);

    private TestFunctions() {
    }
}
