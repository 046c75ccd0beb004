package dev.sluice.local.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.local.CloudUnderTest;
import dev.sluice.local.CreateFunction;
import dev.sluice.local.core.Json;
import dev.sluice.local.status.StatusSnapshot;
import dev.sluice.testing.Await;
import dev.sluice.testing.TestFunctions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilteredLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.OutputLogEvent;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.LogType;

/**
 * Each execution environment's output and Lambda's own lines land in CloudWatch Logs as AWS writes them: log group
 * {@code /aws/lambda/<function>}, one stream per environment, START / END / REPORT around every invocation, AWS's
 * failure lines, and the tail of an invocation's log with {@code LogType: Tail}. Real JVMs under the real RIC.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FunctionLogsTest {

    private static final Pattern REPORT = Pattern.compile("REPORT RequestId: [0-9a-f-]{36}\tDuration: \\d+\\.\\d\\d ms"
            + "\tBilled Duration: \\d+ ms\tMemory Size: 256 MB\tMax Memory Used: \\d+ MB\t.*");

    @RegisterExtension
    static final CloudUnderTest local = CloudUnderTest.perClass(b -> b.autoscaling(false));


    @BeforeAll
    void createFunctions() {
        CreateFunction.named("echo", TestFunctions.ECHO).timeout(3).in(local.lambda());
        CreateFunction.named("greeter", TestFunctions.ECHO).timeout(3).in(local.lambda());
        CreateFunction.named("slow", TestFunctions.ECHO).timeout(1).in(local.lambda());
        CreateFunction.named("crashy", TestFunctions.ECHO).timeout(3).in(local.lambda());
        CreateFunction.named("hungry", TestFunctions.ECHO).timeout(3).in(local.lambda());
        CreateFunction.named("broken", TestFunctions.BROKEN_INIT).timeout(3).in(local.lambda());
    }

    private InvokeResponse invoke(String function, String payload) {
        return local.lambda().invoke(r -> r.functionName(function).logType(LogType.TAIL)
                .payload(SdkBytes.fromUtf8String(payload)));
    }

    /** An invocation's response with its request id and the tail of its log. */
    private record Tailed(InvokeResponse response, String requestId, String tail) {
    }

    private Tailed invokeTailed(String function, String payload) {
        InvokeResponse response = invoke(function, payload);
        return new Tailed(response, response.responseMetadata().requestId(), tail(response));
    }

    private static JsonNode json(InvokeResponse response) throws Exception {
        return Json.MAPPER.readTree(response.payload().asUtf8String());
    }

    private static String tail(InvokeResponse response) {
        return new String(Base64.getDecoder().decode(response.logResult()), StandardCharsets.UTF_8);
    }

    /** The messages of one stream, oldest first. */
    private List<String> stream(String function, String stream) {
        return local.logs().getLogEvents(r -> r.logGroupName("/aws/lambda/" + function).logStreamName(stream)
                .startFromHead(true)).events().stream().map(OutputLogEvent::message).toList();
    }

    private List<FilteredLogEvent> filter(String function, String pattern) {
        return local.logs().filterLogEventsPaginator(r -> r.logGroupName("/aws/lambda/" + function)
                        .filterPattern(pattern))
                .events().stream().toList();
    }

    /** The messages of one invocation in its stream: from its START to its REPORT. */
    private static List<String> invocation(List<String> stream, String requestId) {
        int start = stream.indexOf("START RequestId: " + requestId + " Version: $LATEST");
        assertThat(start).as("START of %s in %s", requestId, stream).isNotNegative();
        for (int i = start; i < stream.size(); i++) {
            if (stream.get(i).startsWith("REPORT RequestId: " + requestId)) {
                return stream.subList(start, i + 1);
            }
        }
        throw new AssertionError("no REPORT of " + requestId + " in " + stream);
    }

    @Test
    void anInvocationsOutputIsBetweenItsStartAndEndInTheEnvironmentsStream() throws Exception {
        InvokeResponse first = invoke("greeter", "{\"print\":\"hello from the function\",\"printErr\":\"to stderr\"}");
        InvokeResponse second = invoke("greeter", "{\"print\":\"second call\"}");

        JsonNode body = json(first);
        String requestId = body.get("requestId").asText();
        String streamName = body.get("logStream").asText();
        assertThat(first.responseMetadata().requestId()).isEqualTo(requestId);
        assertThat(streamName).matches("\\d{4}/\\d{2}/\\d{2}/\\[\\$LATEST\\][0-9a-f]{32}");
        assertThat(json(second).get("logStream").asText()).isEqualTo(streamName); // the same warm environment
        List<String> stream = stream("greeter", streamName);
        assertThat(stream.get(0)).startsWith("INIT_START Runtime Version: java:21.local");
        List<String> cold = invocation(stream, requestId);
        assertThat(cold).contains("hello from the function", "to stderr", "END RequestId: " + requestId);
        assertThat(cold.get(cold.size() - 1)).matches(REPORT).contains("\tInit Duration: ").endsWith("ms\t");
        List<String> warm = invocation(stream, json(second).get("requestId").asText());
        assertThat(warm).contains("second call").doesNotContain("hello from the function");
        assertThat(warm.get(warm.size() - 1)).matches(REPORT).doesNotContain("Init Duration");
    }

    @Test
    void logTypeTailReturnsTheEndOfTheInvocationsLog() throws Exception {
        InvokeResponse response = invoke("echo", "{\"print\":\"tail me\"}");

        String requestId = json(response).get("requestId").asText();
        String tail = tail(response);
        assertThat(tail).contains("START RequestId: " + requestId, "tail me\n", "END RequestId: " + requestId)
                .containsPattern("REPORT RequestId: " + requestId + "\tDuration: ");
        assertThat(tail.indexOf("START")).isLessThan(tail.indexOf("tail me"));

        InvokeResponse big = invoke("echo", "{\"print\":\"" + "x".repeat(6000) + "\"}");
        assertThat(Base64.getDecoder().decode(big.logResult())).hasSize(4096);
        assertThat(tail(big)).endsWith("\n").contains("REPORT RequestId: " + json(big).get("requestId").asText());
    }

    @Test
    void linesOfEnvironmentsRunningAtOnceKeepTheirRequestIds() throws Exception {
        ExecutorService callers = Executors.newFixedThreadPool(6);
        try {
            List<Future<InvokeResponse>> calls = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                String marker = "marker-" + i;
                calls.add(callers.submit(() -> invoke("echo", "{\"print\":\"" + marker
                        + "\",\"action\":\"sleep\",\"millis\":300}")));
            }
            for (int i = 0; i < calls.size(); i++) {
                JsonNode body = json(calls.get(i).get());
                List<String> lines = invocation(stream("echo", body.get("logStream").asText()),
                        body.get("requestId").asText());
                assertThat(lines).contains("marker-" + i);
                assertThat(lines.stream().filter(line -> line.startsWith("marker-"))).containsExactly("marker-" + i);
            }
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void aTimeoutWritesAwsLinesAndAReportWithStatusTimeout() throws Exception {
        InvokeResponse response = invoke("slow", "{\"action\":\"sleep\",\"millis\":20000}");

        JsonNode error = json(response);
        assertThat(error.get("errorType").asText()).isEqualTo("Sandbox.Timedout");
        String requestId = response.responseMetadata().requestId();
        assertThat(error.get("errorMessage").asText())
                .isEqualTo("RequestId: " + requestId + " Error: Task timed out after 1.00 seconds");
        String tail = tail(response);
        assertThat(tail).containsPattern("\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z " + requestId
                + " Task timed out after 1.00 seconds\n" + "END RequestId: " + requestId + "\n");
        assertThat(tail).containsPattern("REPORT RequestId: " + requestId
                + "\tDuration: 1000.00 ms\tBilled Duration: \\d+ ms\tMemory Size: 256 MB\t.*Status: timeout\n");
        assertThat(filter("slow", "\"Task timed out after 1.00 seconds\"")).hasSize(1);
    }

    @Test
    void aCrashWritesRuntimeExitedWithItsExitStatus() throws Exception {
        InvokeResponse response = invoke("crashy", "{\"action\":\"exit\"}");

        String requestId = response.responseMetadata().requestId();
        assertThat(json(response).get("errorType").asText()).isEqualTo("Runtime.ExitError");
        assertThat(tail(response)).contains("RequestId: " + requestId
                        + " Error: Runtime exited with error: exit status 3\nRuntime.ExitError\nEND RequestId: ")
                .containsPattern("REPORT RequestId: " + requestId + "\t.*\tStatus: error\tError Type: Runtime.ExitError\n");
        List<FilteredLogEvent> exited = filter("crashy", "\"Runtime exited with error\"");
        assertThat(exited).singleElement().extracting(FilteredLogEvent::message)
                .isEqualTo("RequestId: " + requestId + " Error: Runtime exited with error: exit status 3\n"
                        + "Runtime.ExitError");
    }

    @Test
    void aFunctionErrorsStackTraceIsPartOfItsInvocation() throws Exception {
        Tailed call = invokeTailed("echo", "{\"action\":\"fail\"}");
        String requestId = call.requestId();
        String tail = call.tail();

        // The RIC prints the trace after posting the error: the invocation ends when the runtime asks for the next.
        assertThat(tail).contains("java.lang.IllegalStateException: failed on demand\n\tat fixture.Echo");
        assertThat(tail.indexOf("failed on demand")).isLessThan(tail.indexOf("END RequestId: " + requestId));
        // no status: the function's own code failed (a cold start ends with Init Duration)
        assertThat(tail).containsPattern("REPORT RequestId: " + requestId + "\t.*(MB|ms)\t\n");
    }

    @Test
    void runningOutOfHeapIsReportedAsOutOfMemory() throws Exception {
        InvokeResponse response = invoke("hungry", "{\"action\":\"oom\"}");

        assertThat(json(response).get("errorType").asText()).isEqualTo("java.lang.OutOfMemoryError");
        assertThat(tail(response)).containsPattern("REPORT RequestId: " + response.responseMetadata().requestId()
                + "\t.*\tMax Memory Used: \\d+ MB\t.*Status: error\tError Type: Runtime.OutOfMemory\n");
    }

    @Test
    void aFailedInitWritesInitReportAndTheInvocationsLines() throws Exception {
        Tailed call = invokeTailed("broken", "{}");
        String requestId = call.requestId();
        assertThat(call.tail())
                .contains("INIT_START Runtime Version: java:21.local", "cause-of-init-failure: missing setting")
                .containsPattern("INIT_REPORT Init Duration: \\d+\\.\\d\\d ms\tPhase: init\tStatus: error\tError Type: ")
                .contains("START RequestId: " + requestId, "END RequestId: " + requestId)
                .containsPattern("REPORT RequestId: " + requestId + "\t.*\tStatus: error\tError Type: ");
        assertThat(filter("broken", "INIT_REPORT")).isNotEmpty();
    }

    @Test
    void statusShowsEachFunctionsLastError() throws Exception {
        invoke("crashy", "{\"action\":\"fail\"}");

        StatusSnapshot status = StatusSnapshot.fromJson(new String(java.net.http.HttpClient.newHttpClient()
                .send(java.net.http.HttpRequest.newBuilder(local.endpoint().resolve("/_sluice/status")).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofByteArray()).body(), StandardCharsets.UTF_8));
        StatusSnapshot.FunctionStatus crashy = status.functions().stream().filter(f -> f.name().equals("crashy"))
                .findFirst().orElseThrow();
        assertThat(crashy.errors()).isPositive();
        assertThat(crashy.lastError().type()).isEqualTo("java.lang.IllegalStateException");
        assertThat(crashy.lastError().message()).isEqualTo("failed on demand");
        assertThat(crashy.lastError().requestId()).matches("[0-9a-f-]{36}");
        assertThat(crashy.lastError().at()).isNotBlank();
    }

    @Test
    void aPrewarmedEnvironmentReportsItsInitAheadOfAnyInvocation() throws Exception {
        local.cloud().lambda().environments("slow").setMinimumWarm(1);
        try {
            Await.until("a pre-warmed environment of slow", Duration.ofSeconds(60),
                    () -> !filter("slow", "%^INIT_REPORT Init Duration: [0-9.]+ ms$%").isEmpty());
        } finally {
            local.cloud().lambda().environments("slow").setMinimumWarm(0);
        }
    }

    @Test
    void functionLogsAreEchoedWithFunctionAndEnvironmentPrefix() throws Exception {
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        java.io.PrintStream console = System.out;
        System.setOut(new java.io.PrintStream(captured, true, StandardCharsets.UTF_8));
        String streamName;
        try {
            streamName = json(invoke("echo", "{\"print\":\"echoed to the console\"}")).get("logStream").asText();
        } finally {
            System.setOut(console);
        }
        String id = streamName.substring(streamName.indexOf(']') + 1, streamName.indexOf(']') + 9);
        assertThat(captured.toString(StandardCharsets.UTF_8)).contains("[echo " + id + "] echoed to the console");
    }

    @Test
    void logGroupsAndStreamsAreListed() {
        invoke("echo", "{}");

        assertThat(local.logs().describeLogGroups(r -> r.logGroupNamePrefix("/aws/lambda/")).logGroups())
                .anySatisfy(group -> assertThat(group.logGroupName()).isEqualTo("/aws/lambda/echo"));
        assertThat(local.logs().describeLogStreams(r -> r.logGroupName("/aws/lambda/echo")).logStreams())
                .allSatisfy(stream -> assertThat(stream.logStreamName()).contains("/[$LATEST]"))
                .anySatisfy(stream -> assertThat(stream.lastEventTimestamp()).isNotNull());
    }
}
