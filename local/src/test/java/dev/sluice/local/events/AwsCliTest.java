package dev.sluice.local.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The AWS CLI (v1, as installed on the build machines) works against the local EventBridge with --endpoint-url. */
class AwsCliTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static LocalEvents local;

    @BeforeAll
    static void start() throws Exception {
        local = new LocalEvents();
    }

    @AfterAll
    static void stop() {
        local.close();
    }

    private static JsonNode aws(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("aws", "events"));
        command.addAll(List.of(args));
        command.addAll(List.of("--endpoint-url", local.endpoint.toString(), "--region", LocalEvents.REGION,
                "--output", "json"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.put("AWS_ACCESS_KEY_ID", "test");
        env.put("AWS_SECRET_ACCESS_KEY", "test");
        env.put("AWS_DEFAULT_REGION", LocalEvents.REGION);
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        env.put("AWS_PAGER", "");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("aws CLI finished").isTrue();
        assertThat(process.exitValue()).as("aws %s exit code, output: %s", args[0], output).isZero();
        return output.isBlank() ? JSON.createObjectNode() : JSON.readTree(output);
    }

    @Test
    void cliCreatesRuleAndTargetAndPutsEventsThatReachTheQueue() throws Exception {
        String queueArn = local.createQueue("cli-queue");

        JsonNode rule = aws("put-rule", "--name", "cli-rule", "--event-pattern", "{\"source\":[{\"prefix\":\"cli.\"}]}");
        assertThat(rule.get("RuleArn").asText()).isEqualTo("arn:aws:events:us-east-1:000000000000:rule/cli-rule");

        JsonNode targets = aws("put-targets", "--rule", "cli-rule", "--targets", "Id=q,Arn=" + queueArn);
        assertThat(targets.get("FailedEntryCount").asInt()).isZero();

        JsonNode put = aws("put-events", "--entries",
                "[{\"Source\":\"cli.test\",\"DetailType\":\"Ping\",\"Detail\":\"{\\\"n\\\":1}\"},"
                        + "{\"Source\":\"cli.test\",\"DetailType\":\"Ping\"}]");
        assertThat(put.get("FailedEntryCount").asInt()).isEqualTo(1);
        assertThat(put.get("Entries").get(1).get("ErrorCode").asText()).isEqualTo("InvalidArgument");

        List<Message> messages = local.receive("cli-queue", 1, 10);
        assertThat(messages).hasSize(1);
        JsonNode event = JSON.readTree(messages.get(0).body());
        assertThat(event.get("id").asText()).isEqualTo(put.get("Entries").get(0).get("EventId").asText());
        assertThat(event.get("detail-type").asText()).isEqualTo("Ping");
        assertThat(event.at("/detail/n").asInt()).isEqualTo(1);
    }
}
