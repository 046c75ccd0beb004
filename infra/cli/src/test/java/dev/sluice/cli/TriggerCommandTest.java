package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.local.core.Json;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.eventbridge.model.RuleState;
import software.amazon.awssdk.services.sqs.model.Message;

/** {@code sluice trigger} against a real local cloud: the rule's target gets the scheduled event now. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TriggerCommandTest {

    @RegisterExtension
    static final TestLocalCloud local = new TestLocalCloud();

    @BeforeAll
    void createRules() {
        local.sqs.createQueue(b -> b.queueName("reports"));
        local.events.putRule(b -> b.name("nightly-report").scheduleExpression("cron(0 3 * * ? *)"));
        local.events.putTargets(b -> b.rule("nightly-report").targets(t -> t.id("q")
                .arn("arn:aws:sqs:us-east-1:000000000000:reports")));
        local.events.putRule(b -> b.name("paused").scheduleExpression("rate(1 day)").state(RuleState.DISABLED));
    }

    @Test
    void firesTheRuleNowAndPrintsTheEventId() throws Exception {
        CliRun run = local.sluice("trigger", "nightly-report");

        assertThat(run.exitCode()).as(run.err()).isZero();
        String eventId = run.out().strip();
        List<Message> messages = local.receive("reports", 1, Duration.ofSeconds(30));
        assertThat(messages).as("the scheduled event on reports").isNotEmpty();
        var event = Json.MAPPER.readTree(messages.get(0).body());
        assertThat(event.get("id").asText()).isEqualTo(eventId);
        assertThat(event.get("detail-type").asText()).isEqualTo("Scheduled Event");
    }

    @Test
    void aRuleThatCannotFireIsOneLineNamingWhy() {
        CliRun unknown = local.sluice("trigger", "nope");
        CliRun paused = local.sluice("trigger", "paused");

        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.errLines()).containsExactly("sluice: rule nope not fired: Rule nope does not exist on"
                + " EventBus default.");
        assertThat(paused.exitCode()).isEqualTo(1);
        assertThat(paused.errLines()).containsExactly("sluice: rule paused not fired: Rule paused is DISABLED and does"
                + " not fire: enable it first (EnableRule).");
    }

    @Test
    void aBadNameIsAUsageErrorAndNoCloudIsSaidSo() throws IOException {
        CliRun bad = local.sluice("trigger", "../status");
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
