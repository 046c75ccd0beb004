package dev.sluice.local.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.local.core.Json;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.eventbridge.model.EventBridgeException;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;
import software.amazon.awssdk.services.eventbridge.model.RuleState;
import software.amazon.awssdk.services.eventbridge.model.Target;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

/** PutEvents end to end: the real SDK, event-ruler routing, ElasticMQ queues and a recording Lambda side. */
class PutEventsDeliveryTest {

    private static final ObjectMapper JSON = Json.MAPPER;
    @AutoClose
    private static final LocalEvents local = new LocalEvents();

    private static PutEventsRequestEntry entry(String bus, String detail) {
        return PutEventsRequestEntry.builder().eventBusName(bus).source("shop.orders").detailType("OrderPlaced")
                .detail(detail).build();
    }

    /** A target's counts: matched, delivered, failed attempts, dead-lettered, dropped, pending. */
    private static List<Long> counts(TargetStats stats) {
        return List.of(stats.matched(), stats.delivered(), stats.failedAttempts(), stats.deadLettered(),
                stats.dropped(), stats.pending());
    }

    /** A bus with one rule sending to one new queue; returns the queue's name. */
    private static String busWithQueueRule(String bus, String pattern) {
        String arn = local.createQueue(bus + "-queue");
        local.rule(bus, "to-queue", pattern, Target.builder().id("q").arn(arn).build());
        return bus + "-queue";
    }

    @Test
    void zeroOrElevenEntriesFailTheRequestNamingTheLimit() {
        assertThatThrownBy(() -> local.events.putEvents(b -> b.entries(new ArrayList<>())))
                .isInstanceOf(EventBridgeException.class)
                .hasMessageContaining("between 1 and 10 (given 0)");
        List<PutEventsRequestEntry> eleven = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            eleven.add(entry("default", "{}"));
        }
        assertThatThrownBy(() -> local.events.putEvents(b -> b.entries(eleven)))
                .isInstanceOf(EventBridgeException.class)
                .hasMessageContaining("between 1 and 10 (given 11)")
                .satisfies(e -> assertThat(((EventBridgeException) e).awsErrorDetails().errorCode())
                        .isEqualTo("ValidationException"));
    }

    @Test
    void entriesTogetherOverOneMebibyteFailTheRequestNamingTheLimit() {
        String half = "{\"blob\":\"" + "x".repeat(600 * 1024) + "\"}";
        assertThatThrownBy(() -> local.events.putEvents(b -> b.entries(entry("default", half), entry("default", half))))
                .isInstanceOf(EventBridgeException.class)
                .hasMessageContaining("over the limit of 1048576 bytes")
                .satisfies(e -> assertThat(((EventBridgeException) e).awsErrorDetails().errorCode())
                        .isEqualTo("ValidationException"));
    }

    @Test
    void sqsTargetReceivesTheCompleteEnvelope() throws Exception {
        String queue = busWithQueueRule("envelope", "{\"source\":[\"shop.orders\"]}");
        Instant time = Instant.parse("2026-03-04T05:06:07.890Z");
        PutEventsResponse response = local.events.putEvents(b -> b.entries(PutEventsRequestEntry.builder()
                .eventBusName("envelope").source("shop.orders").detailType("OrderPlaced").time(time)
                .resources("arn:aws:shop:us-east-1:000000000000:order/o-1")
                .detail("{\"orderId\":\"o-1\",\"total\":12.5}").build()));
        assertThat(response.failedEntryCount()).isZero();

        List<Message> messages = local.receive(queue, 1, 10);
        assertThat(messages).hasSize(1);
        JsonNode event = JSON.readTree(messages.get(0).body());
        assertThat(event.get("version").asText()).isEqualTo("0");
        assertThat(event.get("id").asText()).isEqualTo(response.entries().get(0).eventId());
        assertThat(event.get("detail-type").asText()).isEqualTo("OrderPlaced");
        assertThat(event.get("source").asText()).isEqualTo("shop.orders");
        assertThat(event.get("account").asText()).isEqualTo("000000000000");
        assertThat(event.get("time").asText()).isEqualTo("2026-03-04T05:06:07Z");
        assertThat(event.get("region").asText()).isEqualTo("us-east-1");
        assertThat(event.get("resources").get(0).asText()).isEqualTo("arn:aws:shop:us-east-1:000000000000:order/o-1");
        assertThat(event.get("detail").get("total").decimalValue()).isEqualByComparingTo("12.5");
    }

    @Test
    void detailNumbersReachTheTargetAsWritten() throws Exception {
        String queue = busWithQueueRule("numbers", "{\"detail\":{\"total\":[{\"numeric\":[\">\",1000]}]}}");
        String detail = "{\"total\":1000.10,\"exact\":12345678901234567.89,\"count\":3,\"big\":123456789012345678901}";
        assertThat(local.events.putEvents(b -> b.entries(entry("numbers", detail))).failedEntryCount()).isZero();

        List<Message> messages = local.receive(queue, 1, 10);
        assertThat(messages).hasSize(1);
        assertThat(messages.get(0).body()).contains("\"detail\":" + detail);
    }

    @Test
    void eventWithoutTimeGetsTheCurrentTimeInUtcSeconds() throws Exception {
        String queue = busWithQueueRule("now", "{\"source\":[\"shop.orders\"]}");
        local.events.putEvents(b -> b.entries(entry("now", "{}")));
        JsonNode event = JSON.readTree(local.receive(queue, 1, 10).get(0).body());
        assertThat(event.get("time").asText()).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z");
    }

    @Test
    void badEntriesFailAloneWhileGoodOnesAreDelivered() throws Exception {
        String queue = busWithQueueRule("mixed", "{\"source\":[\"shop.orders\"]}");
        String oversize = "{\"blob\":\"" + "x".repeat(PutEventsAction.MAX_SIZE_BYTES) + "\"}";
        PutEventsResponse response = local.events.putEvents(b -> b.entries(
                PutEventsRequestEntry.builder().eventBusName("mixed").detailType("OrderPlaced").detail("{}").build(),
                PutEventsRequestEntry.builder().eventBusName("mixed").source("shop.orders").detail("{}").build(),
                PutEventsRequestEntry.builder().eventBusName("mixed").source("shop.orders").detailType("OrderPlaced").build(),
                entry("mixed", "[1,2]"),
                entry("no-such-bus", "{}"),
                entry("mixed", oversize),
                entry("mixed", "{\"orderId\":\"good\"}")));

        assertThat(response.failedEntryCount()).isEqualTo(6);
        List<PutEventsResultEntry> results = response.entries();
        assertThat(results).extracting(PutEventsResultEntry::errorCode).containsExactly(
                "InvalidArgument", "InvalidArgument", "InvalidArgument", "MalformedDetail",
                "ResourceNotFoundException", "ValidationException", null);
        assertThat(results.get(0).errorMessage()).contains("Source is a required argument");
        assertThat(results.get(1).errorMessage()).contains("DetailType is a required argument");
        assertThat(results.get(2).errorMessage()).contains("Detail is a required argument");
        assertThat(results.get(4).errorMessage()).isEqualTo("Event bus no-such-bus does not exist.");
        assertThat(results.get(5).errorMessage()).contains("over the limit of 1048576 bytes");
        assertThat(results.get(6).eventId()).isNotBlank();

        List<Message> messages = local.receive(queue, 1, 10);
        assertThat(messages).hasSize(1);
        assertThat(JSON.readTree(messages.get(0).body()).at("/detail/orderId").asText()).isEqualTo("good");
    }

    @Test
    void numericRuleRoutesOnlyTotalsAboveTheBoundary() throws Exception {
        String queue = busWithQueueRule("numeric", "{\"detail\":{\"total\":[{\"numeric\":[\">\",1000]}]}}");
        local.events.putEvents(b -> b.entries(entry("numeric", "{\"id\":\"at\",\"total\":1000}"),
                entry("numeric", "{\"id\":\"above\",\"total\":1000.01}")));

        List<Message> messages = local.receive(queue, 1, 10);
        assertThat(messages).extracting(m -> readDetailId(m)).containsExactly("above");
        assertThat(local.service.stats().get("numeric/to-queue/q").matched()).isEqualTo(1);
    }

    private static String readDetailId(Message m) {
        try {
            return JSON.readTree(m.body()).at("/detail/id").asText();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void fifoTargetUsesTheGroupIdAndTheEventIdForDeduplication() throws Exception {
        String arn = local.createQueue("fifo-orders.fifo");
        local.rule("fifo", "ordered", LocalEvents.SHOP_ORDERS, Target.builder().id("f").arn(arn)
                .sqsParameters(p -> p.messageGroupId("orders")).build());

        PutEventsResponse response = local.events.putEvents(b -> b.entries(entry("fifo", "{\"seq\":1}"),
                entry("fifo", "{\"seq\":2}"), entry("fifo", "{\"seq\":3}")));

        List<Message> messages = local.receive("fifo-orders.fifo", 3, 10);
        assertThat(messages).extracting(m -> JSON.readTree(m.body()).at("/detail/seq").asInt()).containsExactly(1, 2, 3);
        assertThat(messages.get(0).attributes().get(MessageSystemAttributeName.MESSAGE_GROUP_ID)).isEqualTo("orders");
        assertThat(messages.get(0).attributes().get(MessageSystemAttributeName.MESSAGE_DEDUPLICATION_ID))
                .isEqualTo(response.entries().get(0).eventId());
    }

    @Test
    void disabledRuleDeliversNothingUntilEnabled() throws Exception {
        String queue = busWithQueueRule("disabled", "{\"source\":[\"shop.orders\"]}");
        local.events.disableRule(b -> b.name("to-queue").eventBusName("disabled"));
        assertThat(local.events.describeRule(b -> b.name("to-queue").eventBusName("disabled")).state())
                .isEqualTo(RuleState.DISABLED);

        local.events.putEvents(b -> b.entries(entry("disabled", "{\"n\":\"while-disabled\"}")));
        assertThat(local.service.ruleMatches()).doesNotContainKey("disabled/to-queue");

        local.events.enableRule(b -> b.name("to-queue").eventBusName("disabled"));
        local.events.putEvents(b -> b.entries(entry("disabled", "{\"n\":\"after-enable\"}")));
        List<Message> messages = local.receive(queue, 1, 10);
        assertThat(messages).extracting(m -> JSON.readTree(m.body()).at("/detail/n").asText())
                .containsExactly("after-enable");
        assertThat(local.service.ruleMatches()).containsEntry("disabled/to-queue", 1L);
    }

    @Test
    void inputShapesWhatTheTargetReceives() throws Exception {
        String constant = local.createQueue("shapes-constant");
        String path = local.createQueue("shapes-path");
        String item = local.createQueue("shapes-item");
        String transformed = local.createQueue("shapes-transformed");
        local.rule("shapes", "r", LocalEvents.SHOP_ORDERS,
                Target.builder().id("constant").arn(constant).input("{\"fixed\":true}").build(),
                Target.builder().id("path").arn(path).inputPath("$.detail").build(),
                Target.builder().id("item").arn(item).inputPath("$.detail.items[1].sku").build(),
                Target.builder().id("transformed").arn(transformed).inputTransformer(t -> t
                        .inputPathsMap(java.util.Map.of("order", "$.detail.orderId", "total", "$.detail.total"))
                        .inputTemplate("{\"text\":\"Order <order> placed\",\"total\":<total>,\"rule\":\"<aws.events.rule-name>\"}"))
                        .build());

        local.events.putEvents(b -> b.entries(entry("shapes",
                "{\"orderId\":\"o-9\",\"total\":42,\"items\":[{\"sku\":\"A\"},{\"sku\":\"B\"}]}")));

        assertThat(JSON.readTree(local.receive("shapes-constant", 1, 10).get(0).body()))
                .isEqualTo(JSON.readTree("{\"fixed\":true}"));
        assertThat(JSON.readTree(local.receive("shapes-path", 1, 10).get(0).body()))
                .isEqualTo(JSON.readTree("{\"orderId\":\"o-9\",\"total\":42,\"items\":[{\"sku\":\"A\"},{\"sku\":\"B\"}]}"));
        assertThat(local.receive("shapes-item", 1, 10).get(0).body()).isEqualTo("\"B\"");
        assertThat(JSON.readTree(local.receive("shapes-transformed", 1, 10).get(0).body()))
                .isEqualTo(JSON.readTree("{\"text\":\"Order o-9 placed\",\"total\":42,\"rule\":\"r\"}"));
    }

    @Test
    void invalidInputPathIsRejectedNamingTheTarget() {
        local.events.putRule(b -> b.name("bad-path").eventPattern("{\"source\":[\"x\"]}"));
        assertThatThrownBy(() -> local.events.putTargets(b -> b.rule("bad-path").targets(Target.builder().id("t")
                .arn("arn:aws:sqs:us-east-1:000000000000:q").inputPath("detail.orderId").build())))
                .isInstanceOf(EventBridgeException.class)
                .hasMessageContaining("Target t: InputPath must be a simple JSONPath");
    }

    @Test
    void lambdaTargetIsRetriedUntilTheFunctionAcceptsTheEvent() throws Exception {
        String function = "arn:aws:lambda:us-east-1:000000000000:function:reviewOrder";
        local.rule("lambda-retry", "big", "{\"detail\":{\"total\":[{\"numeric\":[\">\",1000]}]}}",
                Target.builder().id("review").arn(function).retryPolicy(r -> r.maximumRetryAttempts(5)).build());
        local.lambda.refuseNext(function, 3);

        PutEventsResponse response = local.events.putEvents(b -> b.entries(entry("lambda-retry", "{\"total\":5000}")));

        var invocations = local.lambda.awaitInvocations(function, 1, Duration.ofSeconds(10));
        assertThat(invocations).hasSize(1);
        assertThat(JSON.readTree(invocations.get(0).payload()).get("id").asText())
                .isEqualTo(response.entries().get(0).eventId());
        assertThat(local.lambda.attempts(function)).isEqualTo(4);
        assertThat(counts(local.awaitStats("lambda-retry/big/review", s -> s.pending() == 0)))
                .containsExactly(1L, 1L, 3L, 0L, 0L, 0L);
    }

    @Test
    void lambdaTargetGoesToTheDeadLetterQueueWithAwsAttributesWhenRetriesRunOut() throws Exception {
        String function = "arn:aws:lambda:us-east-1:000000000000:function:missing";
        String dlq = local.createQueue("lambda-dlq");
        String ruleArn = local.rule("lambda-dlq", "big", LocalEvents.SHOP_ORDERS, Target.builder().id("review")
                .arn(function).retryPolicy(r -> r.maximumRetryAttempts(2)).deadLetterConfig(d -> d.arn(dlq)).build());
        local.lambda.refuseNext(function, Integer.MAX_VALUE);

        PutEventsResponse response = local.events.putEvents(b -> b.entries(entry("lambda-dlq", "{\"total\":1}")));

        List<Message> dead = local.receive("lambda-dlq", 1, 10);
        assertThat(dead).hasSize(1);
        Message message = dead.get(0);
        assertThat(JSON.readTree(message.body()).get("id").asText()).isEqualTo(response.entries().get(0).eventId());
        assertThat(message.messageAttributes()).extractingFromEntries(e -> e.getKey(), e -> e.getValue().stringValue())
                .contains(tuple("RULE_ARN", ruleArn), tuple("TARGET_ARN", function),
                        tuple("ERROR_CODE", "SDK_CLIENT_ERROR"), tuple("ERROR_MESSAGE", "Function not found: " + function),
                        tuple("EXHAUSTED_RETRY_CONDITION", "MaximumRetryAttempts"), tuple("RETRY_ATTEMPTS", "2"));
        assertThat(local.lambda.attempts(function)).isEqualTo(3);
        assertThat(counts(local.awaitStats("lambda-dlq/big/review", s -> s.pending() == 0)))
                .containsExactly(1L, 0L, 3L, 1L, 0L, 0L);
    }

    @Test
    void missingQueueWithoutDeadLetterQueueIsDroppedAndCounted() throws Exception {
        local.rule("dropped", "r", LocalEvents.SHOP_ORDERS, Target.builder().id("gone")
                .arn("arn:aws:sqs:us-east-1:000000000000:never-created").retryPolicy(r -> r.maximumRetryAttempts(0))
                .build());
        // A second target on a real queue tells us when the event has been routed.
        String witness = local.createQueue("dropped-witness");
        local.events.putTargets(b -> b.rule("r").eventBusName("dropped").targets(Target.builder().id("w").arn(witness).build()));

        local.events.putEvents(b -> b.entries(entry("dropped", "{}")));
        assertThat(local.receive("dropped-witness", 1, 10)).hasSize(1);

        TargetStats stats = local.awaitStats("dropped/r/gone", st -> st.dropped() > 0);
        assertThat(stats).extracting(TargetStats::failedAttempts, TargetStats::dropped, TargetStats::delivered)
                .containsExactly(1L, 1L, 0L);
    }

    @Test
    void missingQueueIsNotRetriedButDeadLetteredAtOnce() throws Exception {
        String dlq = local.createQueue("gone-dlq");
        local.events.createEventBus(b -> b.name("gone"));
        local.events.putRule(b -> b.name("r").eventBusName("gone").eventPattern("{\"source\":[\"shop.orders\"]}"));
        local.events.putTargets(b -> b.rule("r").eventBusName("gone").targets(Target.builder().id("q")
                .arn("arn:aws:sqs:us-east-1:000000000000:gone-missing").deadLetterConfig(d -> d.arn(dlq))
                .retryPolicy(r -> r.maximumRetryAttempts(5)).build()));

        local.events.putEvents(b -> b.entries(entry("gone", "{}")));

        Message dead = local.receive("gone-dlq", 1, 10).get(0);
        assertThat(dead.messageAttributes()).extractingFromEntries(e -> e.getKey(), e -> e.getValue().stringValue())
                .contains(tuple("ERROR_CODE", "RESOURCE_NOT_FOUND"), tuple("RETRY_ATTEMPTS", "0"));
        assertThat(local.awaitStats("gone/r/q", st -> st.deadLettered() == 1).failedAttempts()).isEqualTo(1L);
    }
}
