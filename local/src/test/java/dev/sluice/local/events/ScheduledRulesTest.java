package dev.sluice.local.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.local.core.Json;
import dev.sluice.local.edge.AwsError;
import dev.sluice.testing.MovableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.eventbridge.model.EventBridgeException;
import software.amazon.awssdk.services.eventbridge.model.RuleState;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Scheduled rules through the real SDK against the local EventBridge and ElasticMQ. The service reads a clock the test
 * moves on, so a {@code rate(1 minute)} rule fires without waiting a minute; the assertions wait for deliveries, never
 * for times.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScheduledRulesTest {

    private static final Instant START = Instant.parse("2026-12-02T10:00:30Z");
    private final MovableClock clock = new MovableClock(START);
    private final LocalEvents local = new LocalEvents(new DeliverySettings(Duration.ofMillis(1), Duration.ofMillis(20),
            clock, 2));

    @AfterAll
    void stop() {
        local.close();
    }

    @Test
    void aRateRuleDeliversTheScheduledEventEachPeriodAndADisabledRuleDoesNot() throws Exception {
        String queueArn = local.createQueue("ticks");
        String quietArn = local.createQueue("quiet");
        String ruleArn = local.events.putRule(b -> b.name("every-minute").scheduleExpression("rate(1 minute)"))
                .ruleArn();
        local.events.putTargets(b -> b.rule("every-minute").targets(t -> t.id("q").arn(queueArn)));
        local.events.putRule(b -> b.name("switched-off").scheduleExpression("rate(1 minute)")
                .state(RuleState.DISABLED));
        local.events.putTargets(b -> b.rule("switched-off").targets(t -> t.id("q").arn(quietArn)));

        clock.advance(Duration.ofMinutes(1));
        List<Message> first = local.receive("ticks", 1, 30);

        assertThat(first).hasSize(1);
        JsonNode event = Json.MAPPER.readTree(first.get(0).body());
        assertThat(event.get("version").asText()).isEqualTo("0");
        assertThat(event.get("id").asText()).isNotEmpty();
        assertThat(event.get("detail-type").asText()).isEqualTo("Scheduled Event");
        assertThat(event.get("source").asText()).isEqualTo("aws.events");
        assertThat(event.get("account").asText()).isEqualTo(LocalEvents.ACCOUNT);
        assertThat(event.get("time").asText()).isEqualTo("2026-12-02T10:01:30Z");
        assertThat(event.get("region").asText()).isEqualTo(LocalEvents.REGION);
        assertThat(event.get("resources")).hasSize(1);
        assertThat(event.get("resources").get(0).asText()).isEqualTo(ruleArn);
        assertThat(event.get("detail").isObject()).isTrue();
        assertThat(event.get("detail")).isEmpty();

        clock.advance(Duration.ofMinutes(1));
        List<Message> second = local.receive("ticks", 1, 30);
        assertThat(Json.MAPPER.readTree(second.get(0).body()).get("time").asText())
                .isEqualTo("2026-12-02T10:02:30Z");
        assertThat(local.service.ruleMatches()).as("the disabled rule fired in neither minute")
                .containsEntry("default/every-minute", 2L).doesNotContainKey("default/switched-off");

        local.events.enableRule(b -> b.name("switched-off"));
        clock.advance(Duration.ofMinutes(1));
        assertThat(local.receive("quiet", 1, 30)).as("enabled again, it fires a minute later").hasSize(1);
    }

    @Test
    void aTriggeredRuleFiresNowThroughItsTargetsInputTransformer() throws Exception {
        String queueArn = local.createQueue("triggered");
        local.events.putRule(b -> b.name("nightly").scheduleExpression("cron(0 3 * * ? *)"));
        local.events.putTargets(b -> b.rule("nightly").targets(t -> t.id("q").arn(queueArn)
                .inputTransformer(i -> i.inputPathsMap(java.util.Map.of("rule", "$.resources[0]", "at", "$.time"))
                        .inputTemplate("{\"rule\": <rule>, \"at\": <at>}"))));

        String eventId = local.service.trigger("nightly");

        List<Message> messages = local.receive("triggered", 1, 30);
        assertThat(eventId).isNotEmpty();
        JsonNode body = Json.MAPPER.readTree(messages.get(0).body());
        assertThat(body.get("rule").asText()).endsWith(":rule/nightly");
        assertThat(Instant.parse(body.get("at").asText())).isEqualTo(clock.instant().truncatedTo(
                java.time.temporal.ChronoUnit.SECONDS));
    }

    @Test
    void onlyEnabledScheduledRulesCanBeTriggered() {
        local.events.putRule(b -> b.name("pattern-only").eventPattern("{\"source\":[\"shop\"]}"));
        local.events.putRule(b -> b.name("paused").scheduleExpression("rate(5 minutes)").state(RuleState.DISABLED));

        assertThatThrownBy(() -> local.service.trigger("pattern-only")).isInstanceOf(AwsError.class)
                .hasMessage("Rule pattern-only has no ScheduleExpression: only scheduled rules can be triggered (put a"
                        + " matching event on its bus instead).");
        assertThatThrownBy(() -> local.service.trigger("paused")).isInstanceOf(AwsError.class)
                .hasMessage("Rule paused is DISABLED and does not fire: enable it first (EnableRule).");
        assertThatThrownBy(() -> local.service.trigger("nope")).isInstanceOf(AwsError.class)
                .hasMessage("Rule nope does not exist on EventBus default.");
    }

    @Test
    void describeRuleReturnsTheScheduleAndARuleMayHaveAPatternToo() {
        local.events.putRule(b -> b.name("both").scheduleExpression("rate(2 hours)")
                .eventPattern("{\"source\":[\"shop\"]}"));

        var rule = local.events.describeRule(b -> b.name("both"));

        assertThat(rule.scheduleExpression()).isEqualTo("rate(2 hours)");
        assertThat(rule.eventPattern()).isEqualTo("{\"source\":[\"shop\"]}");
    }

    @Test
    void invalidExpressionsAndOtherBusesAreRefusedInAwsWords() {
        assertThatThrownBy(() -> local.events.putRule(b -> b.name("bad").scheduleExpression("rate(1 minutes)")))
                .isInstanceOf(EventBridgeException.class)
                .hasMessageContaining("Parameter ScheduleExpression is not valid. Reason: a value of 1 takes the"
                        + " singular unit minute (given rate(1 minutes)).");
        assertThatThrownBy(() -> local.events.putRule(b -> b.name("bad").scheduleExpression("cron(0 12 * * ?)")))
                .isInstanceOf(EventBridgeException.class)
                .hasMessageContaining("Parameter ScheduleExpression is not valid. Reason: a cron has 6 fields");
        local.events.createEventBus(b -> b.name("shop"));
        assertThatThrownBy(() -> local.events.putRule(b -> b.name("bad").eventBusName("shop")
                .scheduleExpression("rate(5 minutes)")))
                .isInstanceOf(EventBridgeException.class)
                .hasMessageContaining("ScheduleExpression is supported only on the default event bus.");
        assertThat(local.events.listRules(b -> b.namePrefix("bad")).rules()).isEmpty();
    }
}
