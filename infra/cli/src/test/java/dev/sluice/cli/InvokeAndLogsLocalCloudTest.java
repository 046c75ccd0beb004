package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.local.LocalCloud;
import dev.sluice.local.core.Json;
import dev.sluice.local.core.LocalClients;
import dev.sluice.testing.TestFunctions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.Runtime;

/**
 * {@code sluice invoke} and {@code sluice logs} against a local cloud the test starts, with a real plain-Java
 * function running under the runtime interface client.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InvokeAndLogsLocalCloudTest {
    private static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    private LocalCloud cloud;
    private String endpoint;

    @BeforeAll
    void start(@TempDir Path work) throws Exception {
        cloud = LocalCloud.builder().port(0).workDir(work).autoscaling(false).build().start();
        endpoint = cloud.endpoint().toString();
        try (LambdaClient lambda = LocalClients.create(LambdaClient.builder(), cloud.endpoint(), "us-east-1")) {
            SdkBytes zip = SdkBytes.fromByteArray(TestFunctions.ZIP.bytes());
            for (String name : List.of("echo", "chatty", "quiet")) {
                lambda.createFunction(r -> r.functionName(name).runtime(Runtime.JAVA21).handler(TestFunctions.ECHO)
                        .role("arn:aws:iam::000000000000:role/test").timeout(3).memorySize(256)
                        .code(c -> c.zipFile(zip)));
            }
        }
    }

    @AfterAll
    void stop() {
        cloud.close();
    }

    private CliRun sluice(String... args) {
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--endpoint-url";
        all[args.length + 1] = endpoint;
        return CliRun.inProcess(all);
    }

    @Test
    void invokePrintsThePrettyResultAndTheLogTailOnStderr() throws Exception {
        CliRun run = sluice("invoke", "echo", "--payload", "{\"order\":42,\"print\":\"processing order 42\"}");

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode result = Json.MAPPER.readTree(run.out());
        assertThat(result.at("/input/order").asInt()).isEqualTo(42);
        assertThat(run.out()).contains("\n  \"input\" : {"); // indented
        String requestId = result.get("requestId").asText();
        assertThat(run.errLines()).contains("START RequestId: " + requestId + " Version: $LATEST",
                "processing order 42", "END RequestId: " + requestId);
        assertThat(run.errLines()).anySatisfy(line -> assertThat(line).startsWith("REPORT RequestId: " + requestId));
        assertThat(run.errLines().get(run.errLines().size() - 1))
                .matches("request " + requestId + ": [0-9.]+ ms in the function, \\d+ ms round trip");
    }

    @Test
    void invokeTakesAFileAndAnArn(@TempDir Path dir) throws Exception {
        Path event = Files.writeString(dir.resolve("event.json"), "{\"from\":\"file\"}");

        CliRun run = sluice("invoke", "arn:aws:lambda:us-east-1:000000000000:function:echo", "--file", event.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(Json.MAPPER.readTree(run.out()).at("/input/from").asText()).isEqualTo("file");
    }

    @Test
    void aFunctionErrorExitsWithOneAndSaysWhat() throws Exception {
        CliRun run = sluice("invoke", "echo", "--payload", "{\"action\":\"fail\"}");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(Json.MAPPER.readTree(run.out()).get("errorType").asText())
                .isEqualTo("java.lang.IllegalStateException");
        assertThat(run.errLines()).contains(
                "sluice: echo failed: java.lang.IllegalStateException: failed on demand");
        assertThat(run.err()).contains("java.lang.IllegalStateException: failed on demand\n\tat fixture.Echo");
    }

    @Test
    void badInvocationsAreOneLine() {
        CliRun notJson = sluice("invoke", "echo", "--payload", "{not json");
        CliRun unknown = sluice("invoke", "nobody", "--payload", "{}");

        assertThat(notJson.exitCode()).isEqualTo(2);
        assertThat(notJson.errLines().get(0)).startsWith("sluice: --payload is not valid JSON: ");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.errLines()).containsExactly("sluice: ResourceNotFoundException: Function not found: "
                + "arn:aws:lambda:us-east-1:000000000000:function:nobody");
    }

    @Test
    void logsShowEachLineWithItsEnvironmentAndRequest() throws Exception {
        CliRun first = sluice("invoke", "chatty", "--payload", "{\"print\":\"first line\"}");
        CliRun second = sluice("invoke", "chatty", "--payload", "{\"print\":\"second line\"}");
        JsonNode one = Json.MAPPER.readTree(first.out());
        String environment = one.get("logStream").asText().replaceFirst(".*]", "").substring(0, 8);
        String firstRequest = one.get("requestId").asText();
        String secondRequest = Json.MAPPER.readTree(second.out()).get("requestId").asText();

        CliRun logs = sluice("logs", "chatty");

        assertThat(logs.exitCode()).as(logs.err()).isZero();
        assertThat(logs.outLines())
                .anySatisfy(line(environment, firstRequest, "START RequestId: " + firstRequest + " Version: $LATEST"))
                .anySatisfy(line(environment, firstRequest, "first line"))
                .anySatisfy(line(environment, secondRequest, "second line"))
                .anySatisfy(l -> assertThat(l).matches(
                        "\\S+Z " + environment + " - {7} INIT_START Runtime Version: java:21.local.*"));

        CliRun filtered = sluice("logs", "arn:aws:lambda:us-east-1:000000000000:function:chatty", "--filter",
                "\"second line\"", "--since", "1h");
        assertThat(filtered.outLines()).singleElement().satisfies(line(environment, secondRequest, "second line"));
    }

    @Test
    void followShowsEveryLineOnceAcrossPolls() throws Exception {
        sluice("invoke", "quiet", "--payload", "{\"print\":\"only once\"}");

        CliRun follow = sluice("logs", "quiet", "--follow", "--polls", "3");

        assertThat(follow.exitCode()).as(follow.err()).isZero();
        assertThat(follow.outLines()).filteredOn(l -> l.endsWith(" only once")).hasSize(1);
        assertThat(follow.outLines()).filteredOn(l -> l.contains(" START RequestId: ")).hasSize(1);
    }

    @Test
    void logsOfAFunctionThatNeverRanSaySo() {
        CliRun run = sluice("logs", "never-ran");
        CliRun future = sluice("logs", "echo", "--since", "2999-01-01T00:00:00Z");
        CliRun badSince = sluice("logs", "echo", "--since", "yesterday");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.errLines()).containsExactly("sluice: no log group /aws/lambda/never-ran at " + endpoint
                + ": the function has not run there yet, or it has another name");
        assertThat(future.exitCode()).isZero();
        assertThat(future.out()).isEmpty();
        assertThat(future.err()).contains("no log events in /aws/lambda/echo since 2999-01-01T00:00:00Z");
        assertThat(badSince.exitCode()).isEqualTo(2);
        assertThat(badSince.errLines().get(0)).contains("--since must be a duration such as 30s, 5m, 1h, 2d",
                "given 'yesterday'");
    }

    @Test
    void statusShowsEachFunctionsErrorsAndLastError() {
        sluice("invoke", "echo", "--payload", "{\"action\":\"fail\"}");

        CliRun status = sluice("status");

        assertThat(status.exitCode()).as(status.err()).isZero();
        assertThat(status.outLines()).anySatisfy(l -> assertThat(l).startsWith("FUNCTION").contains("ERRORS",
                "LAST ERROR"));
        assertThat(status.outLines()).anySatisfy(l -> assertThat(l).startsWith("echo ")
                .contains("java.lang.IllegalStateException at ").contains(": failed on demand"));
    }

    /** A line of {@code sluice logs}: time, environment, the request id's first 8 characters, message. */
    private static java.util.function.Consumer<String> line(String environment, String requestId, String message) {
        return l -> assertThat(l).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z " + environment + " "
                + requestId.substring(0, 8) + " " + java.util.regex.Pattern.quote(message));
    }
}
