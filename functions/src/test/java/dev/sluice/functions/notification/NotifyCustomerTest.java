package dev.sluice.functions.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.sluice.functions.Events;
import dev.sluice.functions.FunctionProfile;
import dev.sluice.functions.MockEventServer;
import dev.sluice.functions.Queues;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import software.amazon.awssdk.services.sqs.SqsClient;

@QuarkusTest
@TestProfile(FunctionProfile.NotifyCustomer.class)
class NotifyCustomerTest {

    /** The client notifyCustomer writes with (quarkus-amazon-sqs), which Dev Services point at the local cloud. */
    @Inject
    SqsClient sqs;

    @BeforeEach
    void emptyOutbox() {
        drainOutbox();
    }

    @Test
    void primesTheSqsClientWhileQuarkusBootsSinceItWritesTheOutboxButBuildsNoEventBridgeClientSinceItDoesNotPublish() {
        assertThat(FunctionProfile.bootPriming()).isEqualTo(Map.of("publishes", false, "writes-outbox", true));
    }

    @Test
    void writesWithTheQuarkusManagedClientPointedAtTheLocalCloud() {
        assertThat(ConfigProvider.getConfig().getValue("quarkus.sqs.endpoint-override", String.class))
                .startsWith("http://127.0.0.1:");
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
        return Queues.drain(sqs, "outbox");
    }
}
