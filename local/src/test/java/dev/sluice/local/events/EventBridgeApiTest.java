package dev.sluice.local.events;

import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.eventbridge.model.EventBridgeException;
import software.amazon.awssdk.services.eventbridge.model.InvalidEventPatternException;
import software.amazon.awssdk.services.eventbridge.model.PutTargetsResponse;
import software.amazon.awssdk.services.eventbridge.model.ResourceAlreadyExistsException;
import software.amazon.awssdk.services.eventbridge.model.ResourceNotFoundException;
import software.amazon.awssdk.services.eventbridge.model.RuleState;
import software.amazon.awssdk.services.eventbridge.model.Tag;
import software.amazon.awssdk.services.eventbridge.model.Target;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The control-plane actions through the real AWS SDK: buses, rules, targets, tags and error shapes. */
class EventBridgeApiTest {

    @AutoClose
    private static final LocalEvents local = new LocalEvents();

    @Test
    void defaultBusExistsFromTheStart() {
        var bus = local.events.describeEventBus(b -> b.name("default"));
        assertThat(bus.arn()).isEqualTo("arn:aws:events:us-east-1:000000000000:event-bus/default");
    }

    @Test
    void createsDescribesListsAndDeletesBuses() {
        String arn = local.events.createEventBus(b -> b.name("api-orders")
                .tags(Tag.builder().key("team").value("shop").build())).eventBusArn();
        assertThat(arn).isEqualTo("arn:aws:events:us-east-1:000000000000:event-bus/api-orders");
        assertThat(local.events.describeEventBus(b -> b.name(arn)).name()).isEqualTo("api-orders");
        assertThat(local.events.listEventBuses(b -> b.namePrefix("api-ord")).eventBuses())
                .extracting(e -> e.name()).containsExactly("api-orders");
        assertThat(local.events.listTagsForResource(b -> b.resourceARN(arn)).tags())
                .containsExactly(Tag.builder().key("team").value("shop").build());
        assertThatThrownBy(() -> local.events.createEventBus(b -> b.name("api-orders")))
                .isInstanceOf(ResourceAlreadyExistsException.class);

        local.events.deleteEventBus(b -> b.name("api-orders"));
        assertThatThrownBy(() -> local.events.describeEventBus(b -> b.name("api-orders")))
                .isInstanceOf(ResourceNotFoundException.class)
                .hasMessageContaining("Event bus api-orders does not exist.");
    }

    @Test
    void defaultBusCannotBeDeleted() {
        assertThatThrownBy(() -> local.events.deleteEventBus(b -> b.name("default")))
                .isInstanceOf(EventBridgeException.class)
                .hasMessageContaining("Cannot delete event bus default.")
                .satisfies(e -> assertThat(((EventBridgeException) e).awsErrorDetails().errorCode())
                        .isEqualTo("ValidationException"));
    }

    @Test
    void putRuleReturnsArnAndDescribeRuleEchoesIt() {
        local.events.createEventBus(b -> b.name("api-rules"));
        String arn = local.events.putRule(b -> b.name("big-orders").eventBusName("api-rules")
                .eventPattern("{\"detail\":{\"total\":[{\"numeric\":[\">\",1000]}]}}").description("flag")).ruleArn();
        assertThat(arn).isEqualTo("arn:aws:events:us-east-1:000000000000:rule/api-rules/big-orders");

        var rule = local.events.describeRule(b -> b.name("big-orders").eventBusName("api-rules"));
        assertThat(rule.state()).isEqualTo(RuleState.ENABLED);
        assertThat(rule.eventBusName()).isEqualTo("api-rules");
        assertThat(rule.description()).isEqualTo("flag");

        local.events.disableRule(b -> b.name("big-orders").eventBusName("api-rules"));
        assertThat(local.events.describeRule(b -> b.name("big-orders").eventBusName("api-rules")).state())
                .isEqualTo(RuleState.DISABLED);
    }

    @Test
    void defaultBusRuleArnHasNoBusSegment() {
        String arn = local.events.putRule(b -> b.name("api-default-rule").eventPattern("{\"source\":[\"x\"]}")).ruleArn();
        assertThat(arn).isEqualTo("arn:aws:events:us-east-1:000000000000:rule/api-default-rule");
    }

    @Test
    void listRulesFiltersByPrefixAndPages() {
        local.events.createEventBus(b -> b.name("api-list"));
        for (String name : new String[] {"list-a", "list-b", "list-c", "other"}) {
            local.events.putRule(b -> b.name(name).eventBusName("api-list").eventPattern("{\"source\":[\"x\"]}"));
        }
        var first = local.events.listRules(b -> b.eventBusName("api-list").namePrefix("list-").limit(2));
        assertThat(first.rules()).extracting(r -> r.name()).containsExactly("list-a", "list-b");
        var second = local.events.listRules(b -> b.eventBusName("api-list").namePrefix("list-").limit(2)
                .nextToken(first.nextToken()));
        assertThat(second.rules()).extracting(r -> r.name()).containsExactly("list-c");
        assertThat(second.nextToken()).isNull();
    }

    @Test
    void invalidPatternIsRejectedWithEventRulersReason() {
        assertThatThrownBy(() -> local.events.putRule(b -> b.name("bad").eventPattern("{\"source\":\"not-a-list\"}")))
                .isInstanceOf(InvalidEventPatternException.class)
                .hasMessageContaining("Event pattern is not valid. Reason:");
    }

    @Test
    void unknownRuleIsResourceNotFoundNamingRuleAndBus() {
        local.events.createEventBus(b -> b.name("api-missing"));
        assertThatThrownBy(() -> local.events.describeRule(b -> b.name("r").eventBusName("api-missing")))
                .isInstanceOf(ResourceNotFoundException.class)
                .hasMessageContaining("Rule r does not exist on EventBus api-missing.");
    }

    @Test
    void deleteRuleFailsWhileTargetsRemain() {
        local.events.putRule(b -> b.name("api-delete").eventPattern("{\"source\":[\"x\"]}"));
        local.events.putTargets(b -> b.rule("api-delete").targets(Target.builder().id("t1")
                .arn("arn:aws:lambda:us-east-1:000000000000:function:f").build()));

        assertThatThrownBy(() -> local.events.deleteRule(b -> b.name("api-delete")))
                .isInstanceOf(EventBridgeException.class)
                .hasMessageContaining("Rule can't be deleted since it has targets.");

        local.events.removeTargets(b -> b.rule("api-delete").ids("t1"));
        local.events.deleteRule(b -> b.name("api-delete"));
        assertThat(local.events.listRules(b -> b.namePrefix("api-delete")).rules()).isEmpty();
    }

    @Test
    void putTargetsReportsUnsupportedAndFifoWithoutGroupPerTarget() {
        local.events.putRule(b -> b.name("api-targets").eventPattern("{\"source\":[\"x\"]}"));
        PutTargetsResponse response = local.events.putTargets(b -> b.rule("api-targets").targets(
                Target.builder().id("ok").arn("arn:aws:sqs:us-east-1:000000000000:plain").build(),
                Target.builder().id("fifo").arn("arn:aws:sqs:us-east-1:000000000000:ordered.fifo").build(),
                Target.builder().id("sns").arn("arn:aws:sns:us-east-1:000000000000:topic").build()));

        assertThat(response.failedEntryCount()).isEqualTo(2);
        assertThat(response.failedEntries()).extracting(e -> e.targetId(), e -> e.errorCode())
                .containsExactly(org.assertj.core.groups.Tuple.tuple("fifo", "ValidationException"),
                        org.assertj.core.groups.Tuple.tuple("sns", "ValidationException"));
        assertThat(response.failedEntries().get(0).errorMessage()).contains("SqsParameters.MessageGroupId is required");
        assertThat(local.events.listTargetsByRule(b -> b.rule("api-targets")).targets())
                .extracting(Target::id).containsExactly("ok");
    }

    @Test
    void retryPolicyOutOfRangeNamesFieldAndRange() {
        local.events.putRule(b -> b.name("api-retry").eventPattern("{\"source\":[\"x\"]}"));
        assertThatThrownBy(() -> local.events.putTargets(b -> b.rule("api-retry").targets(Target.builder().id("t")
                .arn("arn:aws:lambda:us-east-1:000000000000:function:f")
                .retryPolicy(r -> r.maximumRetryAttempts(186)).build())))
                .isInstanceOf(EventBridgeException.class)
                .hasMessageContaining("retryPolicy.maximumRetryAttempts")
                .hasMessageContaining("between 0 and 185");
        assertThatThrownBy(() -> local.events.putTargets(b -> b.rule("api-retry").targets(Target.builder().id("t")
                .arn("arn:aws:lambda:us-east-1:000000000000:function:f")
                .retryPolicy(r -> r.maximumEventAgeInSeconds(59)).build())))
                .hasMessageContaining("retryPolicy.maximumEventAgeInSeconds")
                .hasMessageContaining("between 60 and 86400");
    }

    @Test
    void targetsBeyondFivePerRuleFailPerEntry() {
        local.events.putRule(b -> b.name("api-five").eventPattern("{\"source\":[\"x\"]}"));
        Target[] six = new Target[6];
        for (int i = 0; i < 6; i++) {
            six[i] = Target.builder().id("t" + i).arn("arn:aws:lambda:us-east-1:000000000000:function:f" + i).build();
        }
        var response = local.events.putTargets(b -> b.rule("api-five").targets(six));
        assertThat(response.failedEntries()).extracting(e -> e.targetId(), e -> e.errorCode())
                .containsExactly(org.assertj.core.groups.Tuple.tuple("t5", "LimitExceededException"));
    }

    @Test
    void testEventPatternEvaluatesThroughTheApi() {
        String event = "{\"id\":\"1\",\"source\":\"shop.orders\",\"detail-type\":\"OrderPlaced\",\"account\":\"000000000000\","
                + "\"time\":\"2026-01-01T00:00:00Z\",\"region\":\"us-east-1\",\"resources\":[],\"detail\":{\"total\":1000.01}}";
        assertThat(local.events.testEventPattern(b -> b.event(event)
                .eventPattern("{\"detail\":{\"total\":[{\"numeric\":[\">\",1000]}]}}")).result()).isTrue();
        assertThat(local.events.testEventPattern(b -> b.event(event)
                .eventPattern("{\"source\":[{\"prefix\":\"ship\"}]}")).result()).isFalse();
        assertThatThrownBy(() -> local.events.testEventPattern(b -> b.event(event).eventPattern("{\"source\":[{\"nope\":1}]}")))
                .isInstanceOf(InvalidEventPatternException.class);
    }

    @Test
    void malformedBodyIsSerializationExceptionAndServerKeepsRunning() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(local.endpoint + "/"))
                .header("X-Amz-Target", "AWSEvents.PutRule")
                .header("Content-Type", "application/x-amz-json-1.1")
                .POST(HttpRequest.BodyPublishers.ofString("{not json")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("\"__type\":\"SerializationException\"");

        HttpResponse<String> unknown = http.send(HttpRequest.newBuilder(URI.create(local.endpoint + "/"))
                .header("X-Amz-Target", "AWSEvents.LaunchRocket")
                .header("Content-Type", "application/x-amz-json-1.1")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).contains("\"__type\":\"UnknownOperationException\"").contains("LaunchRocket");

        assertThat(local.events.listEventBuses(b -> b.namePrefix("default")).eventBuses()).hasSize(1);
    }
}
