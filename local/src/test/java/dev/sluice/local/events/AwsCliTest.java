package dev.sluice.local.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.local.core.Json;
import dev.sluice.testing.AwsCli;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;

import java.io.IOException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The AWS CLI (v1, as installed on the build machines) works against the local EventBridge with --endpoint-url. */
class AwsCliTest {

    private static final ObjectMapper JSON = Json.MAPPER;
    @AutoClose
    private static final LocalEvents local = new LocalEvents();

    /** Runs {@code aws events <args>} against the local EventBridge; fails unless it succeeds. */
    private static JsonNode aws(String... args) throws IOException, InterruptedException {
        return new AwsCli(local.endpoint, LocalEvents.REGION, "events").run(args).json();
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

    @Test
    void cliArchivesAndReplaysIntoARuleAddedAfterwards() throws Exception {
        JsonNode archive = aws("create-archive", "--archive-name", "cli-archive", "--event-source-arn",
                "arn:aws:events:us-east-1:000000000000:event-bus/default", "--event-pattern",
                "{\"source\":[\"cli.archived\"]}");
        assertThat(archive.get("State").asText()).isEqualTo("ENABLED");
        String from = java.time.Instant.now().minusSeconds(60).toString();
        aws("put-events", "--entries", "[{\"Source\":\"cli.archived\",\"DetailType\":\"Ping\",\"Detail\":\"{}\"}]");
        assertThat(aws("describe-archive", "--archive-name", "cli-archive").get("EventCount").asInt()).isEqualTo(1);

        String queueArn = local.createQueue("cli-replayed");
        aws("put-rule", "--name", "cli-late-rule", "--event-pattern", "{\"source\":[\"cli.archived\"]}");
        aws("put-targets", "--rule", "cli-late-rule", "--targets", "Id=q,Arn=" + queueArn);
        JsonNode replay = aws("start-replay", "--replay-name", "cli-replay", "--event-source-arn",
                archive.get("ArchiveArn").asText(), "--event-start-time", from, "--event-end-time",
                java.time.Instant.now().plusSeconds(60).toString(), "--destination",
                "Arn=arn:aws:events:us-east-1:000000000000:event-bus/default");
        assertThat(replay.get("State").asText()).isEqualTo("STARTING");

        List<Message> messages = local.receive("cli-replayed", 1, 10);
        assertThat(messages).hasSize(1);
        assertThat(JSON.readTree(messages.get(0).body()).get("replay-name").asText()).isEqualTo("cli-replay");
        assertThat(aws("describe-replay", "--replay-name", "cli-replay").get("State").asText()).isEqualTo("COMPLETED");
    }
}
