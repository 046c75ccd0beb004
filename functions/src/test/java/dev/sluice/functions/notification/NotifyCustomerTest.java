package dev.sluice.functions.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.sluice.functions.AwsServers;
import dev.sluice.functions.Events;
import dev.sluice.functions.FunctionProfile;
import dev.sluice.functions.MockEventServer;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

@QuarkusTest
@TestProfile(FunctionProfile.NotifyCustomer.class)
class NotifyCustomerTest {

    /** ElasticMQ, where the test resource points the outbox channel. */
    @ConfigProperty(name = "mp.messaging.outgoing.outbox.endpoint-override")
    String sqsUrl;

    private SqsClient sqs;
    private String outboxUrl;

    @BeforeEach
    void emptyOutbox() {
        sqs = AwsServers.sqsClient(sqsUrl);
        outboxUrl = sqs.getQueueUrl(r -> r.queueName("outbox")).queueUrl();
        drainOutbox();
    }

    @AfterEach
    void closeClient() {
        sqs.close();
    }

    @Test
    void buildsNoEventBridgeClientAtBootSinceItDoesNotPublish() {
        assertThat(ConfigProvider.getConfig().getValue("sluice.publishes", Boolean.class)).isFalse();
    }

    @Test
    void writesExactlyOneOutboxMessagePerEvent() throws Exception {
        List<String> failures = MockEventServer.batchItemFailures(Events.sqsEvent(List.of(
                Map.entry("n-1", Events.load("order-fulfilled.json").toString()),
                Map.entry("n-2", Events.load("order-rejected.json").toString()),
                Map.entry("n-3", Events.load("order-flagged.json").toString()))));

        assertThat(failures).isEmpty();
        List<JsonNode> outbox = drainOutbox();
        assertThat(outbox).hasSize(3);
        assertThat(outbox).extracting(n -> n.get("eventType").asText())
                .containsExactlyInAnyOrder("OrderFulfilled", "OrderRejected", "OrderFlagged");
        JsonNode rejected = outbox.stream().filter(n -> n.get("eventType").asText().equals("OrderRejected"))
                .findFirst().orElseThrow();
        assertThat(rejected.get("orderId").asText()).isEqualTo("o-1002");
        assertThat(rejected.get("customerId").asText()).isEqualTo("c-43");
        assertThat(rejected.get("eventId").asText()).isEqualTo("22222222-2222-4222-8222-222222222222");
        assertThat(rejected.get("message").asText())
                .isEqualTo("Your order o-1002 was rejected: items[0].quantity must be > 0 (given 0).");
        JsonNode fulfilled = outbox.stream().filter(n -> n.get("eventType").asText().equals("OrderFulfilled"))
                .findFirst().orElseThrow();
        assertThat(fulfilled.get("message").asText()).isEqualTo("Your order o-1001 of 30.0 USD has been fulfilled.");
    }

    @Test
    void malformedRecordIsReportedAndWritesNothing() throws Exception {
        List<String> failures = MockEventServer.batchItemFailures(Events.sqsEvent(List.of(
                Map.entry("n-ok", Events.load("order-flagged.json").toString()),
                Map.entry("n-bad", "[1, 2"),
                Map.entry("n-placed", Events.load("order-placed.json").toString()))));

        assertThat(failures).containsExactlyInAnyOrder("n-bad", "n-placed");
        assertThat(drainOutbox()).extracting(n -> n.get("orderId").asText()).containsExactly("o-1003");
    }

    private List<JsonNode> drainOutbox() {
        List<JsonNode> bodies = new ArrayList<>();
        while (true) {
            List<Message> batch = sqs.receiveMessage(r -> r.queueUrl(outboxUrl).maxNumberOfMessages(10)).messages();
            if (batch.isEmpty()) {
                return bodies;
            }
            for (Message message : batch) {
                try {
                    bodies.add(Events.JSON.readTree(message.body()));
                } catch (Exception e) {
                    throw new IllegalStateException("outbox message is not JSON: " + message.body(), e);
                }
                sqs.deleteMessage(r -> r.queueUrl(outboxUrl).receiptHandle(message.receiptHandle()));
            }
        }
    }
}
