package dev.sluice.functions.review;

import static dev.sluice.functions.Events.orderPlaced;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import java.math.BigDecimal;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.sluice.functions.Events;
import dev.sluice.functions.FunctionProfile;
import dev.sluice.functions.MockEventServer;
import dev.sluice.functions.Published;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import software.amazon.awssdk.services.sqs.SqsClient;

/** reviewOrder receives the EventBridge envelope itself (asynchronous invoke), not an SQS event. */
@QuarkusTest
@TestProfile(FunctionProfile.ReviewOrder.class)
class ReviewOrderTest {

    /** The app's quarkus-amazon-sqs client: Dev Services point it at the local cloud. */
    @Inject
    SqsClient sqs;

    @BeforeEach
    void clearBus() {
        Published.clear(sqs);
    }

    @Test
    void totalOfExactlyTheThresholdIsNotFlagged() {
        MockEventServer.invoke(withTotal("o-1000", "1000.00").toString()).statusCode(204);

        assertThat(Published.withinASecond(sqs)).isEmpty();
    }

    @Test
    void totalOneCentAboveTheThresholdIsFlagged() {
        MockEventServer.invoke(withTotal("o-1000.01", "1000.01").toString()).statusCode(204);

        List<JsonNode> events = Published.take(sqs, 1);
        assertThat(events).hasSize(1);
        assertThat(events.get(0).get("source").asText()).isEqualTo("shop.orders");
        assertThat(events.get(0).get("detail-type").asText()).isEqualTo("OrderFlagged");
        JsonNode detail = events.get(0).get("detail");
        assertThat(detail.get("orderId").asText()).isEqualTo("o-1000.01");
        assertThat(detail.get("customerId").asText()).isEqualTo("c-42");
        assertThat(detail.get("reasons")).extracting(JsonNode::asText)
                .containsExactly("total 1000.01 exceeds 1000");
    }

    @Test
    void largeQuantityIsAnotherReason() {
        ObjectNode order = withTotal("o-bulk", "1500");
        Events.item(order, 0).put("quantity", 60);

        MockEventServer.invoke(order.toString()).statusCode(204);

        assertThat(Published.take(sqs, 1).get(0).get("detail").get("reasons")).extracting(JsonNode::asText)
                .containsExactly("total 1500.00 exceeds 1000", "items[0].quantity 60 of SKU-1 is at least 50");
    }

    @Test
    void envelopeWithoutDetailIsAFunctionError() {
        ObjectNode event = orderPlaced("o-nodetail");
        event.remove("detail");

        MockEventServer.invoke(event.toString()).statusCode(500)
                .body("errorMessage", containsString("detail is required"));
        assertThat(Published.withinASecond(sqs)).isEmpty();
    }

    private static ObjectNode withTotal(String orderId, String total) {
        ObjectNode order = orderPlaced(orderId);
        Events.detail(order).put("total", new BigDecimal(total));
        return order;
    }
}
