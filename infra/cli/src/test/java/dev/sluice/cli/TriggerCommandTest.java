package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.local.LocalCloud;
import dev.sluice.local.core.Json;
import dev.sluice.local.core.LocalClients;
import dev.sluice.testing.Await;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.RuleState;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/** {@code sluice trigger} against a real local cloud: the rule's target gets the scheduled event now. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TriggerCommandTest {

    private LocalCloud cloud;
    private SqsClient sqs;
    private String endpoint;

    @BeforeAll
    void start() throws IOException {
        cloud = LocalCloud.builder().port(0).workDir(Files.createTempDirectory("trigger")).autoscaling(false).build()
                .start();
        endpoint = cloud.endpoint().toString();
        sqs = LocalClients.create(SqsClient.builder(), cloud.endpoint(), "us-east-1");
        sqs.createQueue(b -> b.queueName("reports"));
        try (EventBridgeClient events = LocalClients.create(EventBridgeClient.builder(), cloud.endpoint(),
                "us-east-1")) {
            events.putRule(b -> b.name("nightly-report").scheduleExpression("cron(0 3 * * ? *)"));
            events.putTargets(b -> b.rule("nightly-report").targets(t -> t.id("q")
                    .arn("arn:aws:sqs:us-east-1:000000000000:reports")));
            events.putRule(b -> b.name("paused").scheduleExpression("rate(1 day)").state(RuleState.DISABLED));
        }
    }

    @AfterAll
    void stop() {
        sqs.close();
        cloud.close();
    }

    @Test
    void firesTheRuleNowAndPrintsTheEventId() throws Exception {
        CliRun run = CliRun.inProcess("trigger", "--endpoint-url", endpoint, "nightly-report");

        assertThat(run.exitCode()).as(run.err()).isZero();
        String eventId = run.out().strip();
        String url = sqs.getQueueUrl(b -> b.queueName("reports")).queueUrl();
        List<Message> messages = new ArrayList<>();
        Await.until("the scheduled event on reports", Duration.ofSeconds(30), () -> {
            messages.addAll(sqs.receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(1)).messages());
            return !messages.isEmpty();
        });
        var event = Json.MAPPER.readTree(messages.get(0).body());
        assertThat(event.get("id").asText()).isEqualTo(eventId);
        assertThat(event.get("detail-type").asText()).isEqualTo("Scheduled Event");
    }

    @Test
    void aRuleThatCannotFireIsOneLineNamingWhy() {
        CliRun unknown = CliRun.inProcess("trigger", "--endpoint-url", endpoint, "nope");
        CliRun paused = CliRun.inProcess("trigger", "--endpoint-url", endpoint, "paused");

        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.errLines()).containsExactly("sluice: rule nope not fired: Rule nope does not exist on"
                + " EventBus default.");
        assertThat(paused.exitCode()).isEqualTo(1);
        assertThat(paused.errLines()).containsExactly("sluice: rule paused not fired: Rule paused is DISABLED and does"
                + " not fire: enable it first (EnableRule).");
    }

    @Test
    void aBadNameIsAUsageErrorAndNoCloudIsSaidSo() throws IOException {
        CliRun bad = CliRun.inProcess("trigger", "--endpoint-url", endpoint, "../status");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.errLines()).first().asString().startsWith("sluice: RULE must be a rule name");

        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        CliRun none = CliRun.inProcess("trigger", "--endpoint-url", "http://127.0.0.1:" + closedPort, "x");
        assertThat(none.exitCode()).isEqualTo(1);
        assertThat(none.errLines()).containsExactly("sluice: no local cloud answers at http://127.0.0.1:" + closedPort
                + " (start it with sluice local up)");
    }
}
