package dev.sluice.local.bench;

import dev.sluice.local.LocalCloud;
import dev.sluice.local.core.LocalClients;
import dev.sluice.testing.HandlerZip;
import dev.sluice.testing.TestFunctions;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.Runtime;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Warm invoke latency only, through the whole path (SDK -> edge -> Lambda service -> Runtime API -> RIC -> handler and
 * back), in blocks so that drift after the JIT settles shows: a plain no-op handler, a plain handler that makes one
 * PutEvents call back through the edge, and (with {@code -Dprobe.fulfillOrder=true}) the example's fulfillOrder.
 *
 * <pre>BENCH_SKIP_COMPILE=1 java -cp ... dev.sluice.local.bench.WarmPathProbe  # -Dprobe.blocks=4 -Dprobe.invokes=300</pre>
 */
public final class WarmPathProbe {

    private static final int WARMUP = Integer.getInteger("probe.warmup", 50);
    private static final int BLOCKS = Integer.getInteger("probe.blocks", 4);
    private static final int INVOKES = Integer.getInteger("probe.invokes", 300);
    private static final PrintStream console = System.out;

    private static final String PUT_EVENTS_SOURCE = """
            package probe;
            import com.amazonaws.services.lambda.runtime.Context;
            import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
            import java.io.*;
            import java.net.*;
            import java.nio.charset.StandardCharsets;
            /** Publishes one event to the default bus through the edge, as a function's own SDK call would. */
            public class PutOne implements RequestStreamHandler {
                private static final String ENDPOINT = System.getenv("AWS_ENDPOINT_URL");
                public void handleRequest(InputStream in, OutputStream out, Context context) throws IOException {
                    in.readAllBytes();
                    HttpURLConnection http = (HttpURLConnection) new URL(ENDPOINT + "/").openConnection();
                    http.setRequestMethod("POST");
                    http.setDoOutput(true);
                    http.setRequestProperty("Content-Type", "application/x-amz-json-1.1");
                    http.setRequestProperty("X-Amz-Target", "AWSEvents.PutEvents");
                    byte[] body = ("{\\"Entries\\":[{\\"Source\\":\\"probe\\",\\"DetailType\\":\\"Tick\\","
                            + "\\"Detail\\":\\"{\\\\\\"n\\\\\\":1}\\",\\"EventBusName\\":\\"default\\"}]}")
                            .getBytes(StandardCharsets.UTF_8);
                    http.setFixedLengthStreamingMode(body.length);
                    try (OutputStream request = http.getOutputStream()) {
                        request.write(body);
                    }
                    int status = http.getResponseCode();
                    byte[] answer = http.getInputStream().readAllBytes();
                    if (status != 200 || !new String(answer, StandardCharsets.UTF_8).contains("\\"FailedEntryCount\\":0")) {
                        throw new IOException("PutEvents answered " + status);
                    }
                    out.write("{\\"batchItemFailures\\":[]}".getBytes(StandardCharsets.UTF_8));
                }
            }
            """;
    private static final HandlerZip PUT_EVENTS_ZIP = HandlerZip.of("probe.PutOne", PUT_EVENTS_SOURCE);

    private WarmPathProbe() {
    }

    public static void main(String[] args) throws Exception {
        Bench.quietFunctionOutput();
        Path work = Files.createTempDirectory("sluice-warm-probe");
        console.println("load average at start: " + Bench.loadAverage());
        try (LocalCloud cloud = LocalCloud.builder().port(0).workDir(work).build().start();
             LambdaClient lambda = LocalClients.create(LambdaClient.builder(), cloud.endpoint(), "us-east-1")) {
            try (EventBridgeClient events = LocalClients.create(EventBridgeClient.builder(), cloud.endpoint(), "us-east-1");
                 SqsClient sqs = LocalClients.create(SqsClient.builder(), cloud.endpoint(), "us-east-1")) {
                events.createEventBus(r -> r.name("orders"));
                sqs.createQueue(r -> r.queueName("outbox"));
            }
            String noopEvent = "{\"Records\":[]}";
            create(lambda, "noop", TestFunctions.NOOP, TestFunctions.ZIP.writeTo(work.resolve("noop.zip")), Map.of());
            create(lambda, "putOne", "probe.PutOne::handleRequest", PUT_EVENTS_ZIP.writeTo(work.resolve("put.zip")),
                    Map.of());
            boolean fulfill = Boolean.getBoolean("probe.fulfillOrder");
            if (fulfill) {
                create(lambda, "fulfillOrder", "io.quarkus.funqy.lambda.FunqyStreamHandler::handleRequest",
                        Bench.functionZip(), Map.of("QUARKUS_FUNQY_EXPORT", "fulfillOrder", "ORDERS_BUS_NAME", "orders"));
            }
            for (String function : fulfill ? List.of("noop", "putOne", "fulfillOrder") : List.of("noop", "putOne")) {
                String payload = function.equals("fulfillOrder") ? sqsEvent() : noopEvent;
                for (int i = 0; i < WARMUP; i++) {
                    check(invoke(lambda, function, payload));
                }
                for (int block = 0; block < BLOCKS; block++) {
                    List<Double> millis = new ArrayList<>();
                    for (int i = 0; i < INVOKES; i++) {
                        long start = System.nanoTime();
                        check(invoke(lambda, function, payload));
                        millis.add(Bench.millisSince(start));
                    }
                    console.printf(java.util.Locale.ROOT, "%-12s block %d: p50 %.2f ms  p95 %.2f ms  min %.2f ms  (load %s)%n",
                            function, block, Bench.percentile(millis, 50), Bench.percentile(millis, 95),
                            millis.stream().mapToDouble(Double::doubleValue).min().orElse(0), Bench.loadAverage());
                }
            }
        } finally {
            Bench.deleteTree(work);
        }
        console.println("load average at end: " + Bench.loadAverage());
        System.exit(0);
    }

    private static void create(LambdaClient lambda, String name, String handler, Path zip, Map<String, String> env) {
        lambda.createFunction(r -> r.functionName(name).runtime(Runtime.JAVA21).handler(handler)
                .role("arn:aws:iam::000000000000:role/probe").timeout(30).memorySize(512)
                .environment(e -> e.variables(env))
                .code(c -> c.s3Bucket("hot-reload").s3Key(zip.toString())));
    }

    private static InvokeResponse invoke(LambdaClient lambda, String function, String payload) {
        return lambda.invoke(r -> r.functionName(function).payload(SdkBytes.fromUtf8String(payload)));
    }

    private static void check(InvokeResponse response) {
        String body = response.payload().asUtf8String();
        if (response.functionError() != null || body.contains("\"itemIdentifier\"")) {
            throw new IllegalStateException("the function failed: " + body);
        }
    }

    /** An SQS event with one valid OrderPlaced record, as the fulfillment queue's mapping delivers it. */
    private static String sqsEvent() {
        return "{\"Records\":[{\"messageId\":\"0f3c6a2e-1b7d-4c55-9a0e-6d2f7a1c9e01\",\"receiptHandle\":\"probe\","
                + "\"body\":" + Bench.JSON.valueToTree(Bench.orderPlacedEnvelope(1)).toString() + ","
                + "\"attributes\":{\"ApproximateReceiveCount\":\"1\",\"SentTimestamp\":\"1768471200000\","
                + "\"SenderId\":\"000000000000\",\"ApproximateFirstReceiveTimestamp\":\"1768471200010\"},"
                + "\"messageAttributes\":{},\"md5OfBody\":\"\",\"eventSource\":\"aws:sqs\","
                + "\"eventSourceARN\":\"arn:aws:sqs:us-east-1:000000000000:fulfillment\",\"awsRegion\":\"us-east-1\"}]}";
    }
}
