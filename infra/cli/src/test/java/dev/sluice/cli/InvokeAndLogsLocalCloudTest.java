package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.local.core.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sluice invoke} and {@code sluice logs} against a local cloud the test starts, with a real plain-Java
 * function running under the runtime interface client.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InvokeAndLogsLocalCloudTest {
    private static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    @RegisterExtension
    static final TestLocalCloud local = new TestLocalCloud();

    @BeforeAll
    void createFunctions() throws IOException {
        local.createEchoFunctions("echo", "chatty", "quiet");
    }

    @Test
    void invokePrintsThePrettyResultAndTheLogTailOnStderr() throws Exception {
        CliRun run = local.sluice("invoke", "echo", "--payload", "{\"order\":42,\"print\":\"processing order 42\"}");

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

        CliRun run = local.sluice("invoke", "arn:aws:lambda:us-east-1:000000000000:function:echo", "--file",
                event.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(Json.MAPPER.readTree(run.out()).at("/input/from").asText()).isEqualTo("file");
    }

    @Test
    void aFunctionErrorExitsWithOneAndSaysWhat() throws Exception {
        CliRun run = local.sluice("invoke", "echo", "--payload", "{\"action\":\"fail\"}");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(Json.MAPPER.readTree(run.out()).get("errorType").asText())
                .isEqualTo("java.lang.IllegalStateException");
        assertThat(run.errLines()).contains(
                "sluice: echo failed: java.lang.IllegalStateException: failed on demand");
        assertThat(run.err()).contains("java.lang.IllegalStateException: failed on demand\n\tat fixture.Echo");
    }

    @Test
    void badInvocationsAreOneLine() {
        CliRun notJson = local.sluice("invoke", "echo", "--payload", "{not json");
        CliRun unknown = local.sluice("invoke", "nobody", "--payload", "{}");

        assertThat(notJson.exitCode()).isEqualTo(2);
        assertThat(notJson.errLines().get(0)).startsWith("sluice: --payload is not valid JSON: ");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.errLines()).containsExactly("sluice: ResourceNotFoundException: Function not found: "
                + "arn:aws:lambda:us-east-1:000000000000:function:nobody");
    }

    @Test
    void logsShowEachLineWithItsEnvironmentAndRequest() throws Exception {
        CliRun first = local.sluice("invoke", "chatty", "--payload", "{\"print\":\"first line\"}");
        CliRun second = local.sluice("invoke", "chatty", "--payload", "{\"print\":\"second line\"}");
        JsonNode one = Json.MAPPER.readTree(first.out());
        String environment = one.get("logStream").asText().replaceFirst(".*]", "").substring(0, 8);
        String firstRequest = one.get("requestId").asText();
        String secondRequest = Json.MAPPER.readTree(second.out()).get("requestId").asText();

        CliRun logs = local.sluice("logs", "chatty");

        assertThat(logs.exitCode()).as(logs.err()).isZero();
        assertThat(logs.outLines())
                .anySatisfy(line(environment, firstRequest, "START RequestId: " + firstRequest + " Version: $LATEST"))
                .anySatisfy(line(environment, firstRequest, "first line"))
                .anySatisfy(line(environment, secondRequest, "second line"))
                .anySatisfy(l -> assertThat(l).matches(
                        "\\S+Z " + environment + " - {7} INIT_START Runtime Version: java:21.local.*"));

        CliRun filtered = local.sluice("logs", "arn:aws:lambda:us-east-1:000000000000:function:chatty", "--filter",
                "\"second line\"", "--since", "1h");
        assertThat(filtered.outLines()).singleElement().satisfies(line(environment, secondRequest, "second line"));
    }

    @Test
    void followShowsEveryLineOnceAcrossPolls() throws Exception {
        local.sluice("invoke", "quiet", "--payload", "{\"print\":\"only once\"}");

        CliRun follow = local.sluice("logs", "quiet", "--follow", "--polls", "3");

        assertThat(follow.exitCode()).as(follow.err()).isZero();
        assertThat(follow.outLines()).filteredOn(l -> l.endsWith(" only once")).hasSize(1);
        assertThat(follow.outLines()).filteredOn(l -> l.contains(" START RequestId: ")).hasSize(1);
    }

    @Test
    void logsOfAFunctionThatNeverRanSaySo() {
        CliRun run = local.sluice("logs", "never-ran");
        CliRun future = local.sluice("logs", "echo", "--since", "2999-01-01T00:00:00Z");
        CliRun badSince = local.sluice("logs", "echo", "--since", "yesterday");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.errLines()).containsExactly("sluice: no log group /aws/lambda/never-ran at " + local.endpoint()
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
        local.sluice("invoke", "echo", "--payload", "{\"action\":\"fail\"}");

        CliRun status = local.sluice("status");

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
