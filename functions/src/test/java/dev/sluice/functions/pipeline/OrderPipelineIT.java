package dev.sluice.functions.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.sluice.functions.Events;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The example project as it deploys, with no Docker and no LocalStack: Sluice's Dev Services start the local cloud,
 * synthesize the project's CDK app (cdk.json at the repository root) and deploy its stacks, the three functions
 * running the function.zip that {@code package} just built (hence a failsafe test: it runs after {@code package}).
 * An OrderPlaced event put on the bus with the app's own EventBridge client goes through the rule, the fulfillment
 * queue, fulfillOrder, the bus again, the notifications queue and notifyCustomer, which writes the outbox with its
 * quarkus-amazon-sqs client; the test reads it with the same kind of client, injected.
 */
@QuarkusTest
@TestProfile(OrderPipelineIT.DeployedProject.class)
class OrderPipelineIT {

    /** Two cold starts of function JVMs on a busy 2-core machine, and the mappings' polling. */
    private static final Duration LIMIT = Duration.ofSeconds(120);

    /** The project's own stacks (no test template); the test app exports a function only because Funqy needs one. */
    public static class DeployedProject implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.funqy.export", "notifyCustomer",
                    "quarkus.lambda.mock-event-server.test-port", "0");
        }
    }

    /** quarkus-amazon-sqs's client: Dev Services set its endpoint override and credentials. */
    @Inject
    SqsClient sqs;

    /** The app's own SDK client (EventBridgeClientProducer): it finds the local cloud through the SDK's properties. */
    @Inject
    EventBridgeClient events;

    @Test
    void anOrderPlacedOnTheBusEndsAsItsNotificationInTheOutbox() throws Exception {
        String orderId = "o-it-" + UUID.randomUUID();
        JsonNode detail = Events.orderPlaced(orderId).get("detail");

        PutEventsResponse put = events.putEvents(r -> r.entries(e -> e.eventBusName("orders").source("shop.orders")
                .detailType("OrderPlaced").detail(detail.toString())));

        assertThat(put.failedEntryCount()).as("%s", put.entries()).isZero();
        JsonNode notification = awaitNotification(orderId);
        assertThat(notification.get("eventType").asText()).isEqualTo("OrderFulfilled");
        assertThat(notification.get("customerId").asText()).isEqualTo("c-42");
        assertThat(notification.get("message").asText())
                .isEqualTo("Your order " + orderId + " of 30.0 USD has been fulfilled.");
        for (String deadLetters : List.of("fulfillment-dlq", "notifications-dlq", "outbox-dlq")) {
            assertThat(depth(deadLetters)).as("messages on %s", deadLetters).isZero();
        }
    }

    private JsonNode awaitNotification(String orderId) throws Exception {
        String outbox = sqs.getQueueUrl(r -> r.queueName("outbox")).queueUrl();
        List<String> others = new ArrayList<>();
        long deadline = System.nanoTime() + LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            for (Message message : sqs.receiveMessage(r -> r.queueUrl(outbox).maxNumberOfMessages(10)
                    .waitTimeSeconds(2)).messages()) {
                sqs.deleteMessage(r -> r.queueUrl(outbox).receiptHandle(message.receiptHandle()));
                JsonNode body = Events.JSON.readTree(message.body());
                if (orderId.equals(body.path("orderId").asText())) {
                    return body;
                }
                others.add(message.body());
            }
        }
        throw new AssertionError("no notification for " + orderId + " in the outbox within " + LIMIT + "; other"
                + " messages there: " + others + "; depths: fulfillment " + depth("fulfillment") + ", notifications "
                + depth("notifications") + ", fulfillment-dlq " + depth("fulfillment-dlq") + ", notifications-dlq "
                + depth("notifications-dlq"));
    }

    /** Visible + in flight. */
    private long depth(String queueName) {
        String url = sqs.getQueueUrl(r -> r.queueName(queueName)).queueUrl();
        Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(r -> r.queueUrl(url).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
        return attributes.values().stream().mapToLong(Long::parseLong).sum();
    }
}
