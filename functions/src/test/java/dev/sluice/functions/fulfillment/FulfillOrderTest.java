package dev.sluice.functions.fulfillment;

import static dev.sluice.functions.Events.item;
import static dev.sluice.functions.Events.orderPlaced;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.sluice.functions.Events;
import dev.sluice.functions.FunctionProfile;
import dev.sluice.functions.MockEventServer;
import dev.sluice.functions.PutEventsCalls;
import dev.sluice.functions.Published;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import software.amazon.awssdk.services.sqs.SqsClient;

@QuarkusTest
@TestProfile(FunctionProfile.FulfillOrder.class)
class FulfillOrderTest {

    /** The app's quarkus-amazon-sqs client: Dev Services point it at the local cloud. */
    @Inject
    SqsClient sqs;

    @BeforeEach
    void clearBus() {
        Published.clear(sqs);
        PutEventsCalls.take();
    }

    @Test
    void validOrderInStockIsFulfilled() {
        List<String> failures = invoke(Events.sqsEvent("m-1", orderPlaced("o-ok")));

        assertThat(failures).isEmpty();
        List<JsonNode> events = Published.take(sqs, 1);
        assertThat(events).hasSize(1);
        JsonNode event = events.get(0);
        assertThat(event.get("source").asText()).isEqualTo("shop.orders");
        assertThat(event.get("detail-type").asText()).isEqualTo("OrderFulfilled");
        assertThat(event.get("detail").get("orderId").asText()).isEqualTo("o-ok");
        assertThat(event.get("detail").get("customerId").asText()).isEqualTo("c-42");
        assertThat(event.get("detail").get("total").decimalValue()).isEqualByComparingTo("30.00");
        assertThat(event.get("detail").get("currency").asText()).isEqualTo("USD");
        assertThat(event.get("detail").has("reasons")).isFalse();
    }

    @Test
    void batchOfTenReportsExactlyTheTwoMalformedRecordsAndPublishesTheOtherOutcomesInOneCall() {
        List<Map.Entry<String, String>> records = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            records.add(Map.entry("m-" + i, orderPlaced("o-batch-" + i).toString()));
        }
        records.set(3, Map.entry("m-3", "{not json"));
        ObjectNode noDetail = orderPlaced("o-batch-7");
        noDetail.remove("detail");
        records.set(7, Map.entry("m-7", noDetail.toString()));

        List<String> failures = invoke(Events.sqsEvent(records));

        assertThat(failures).containsExactlyInAnyOrder("m-3", "m-7");
        assertThat(PutEventsCalls.take()).as("entries per PutEvents call").containsExactly(8);
        assertThat(Published.take(sqs, 8))
                .extracting(e -> e.get("detail").get("orderId").asText())
                .containsExactlyInAnyOrder("o-batch-0", "o-batch-1", "o-batch-2", "o-batch-4", "o-batch-5",
                        "o-batch-6", "o-batch-8", "o-batch-9");
    }

    @Test
    void buildsItsEventBridgeClientWhileQuarkusBootsSinceItPublishesButLoadsNoSqsClientSinceItWritesNoOutbox() {
        assertThat(FunctionProfile.bootPriming()).isEqualTo(Map.of("publishes", true, "writes-outbox", false));
    }

    @Test
    void eventOfAnotherTypeIsAFailedRecordNotARejection() {
        ObjectNode wrongType = orderPlaced("o-wrong-type");
        wrongType.put("detail-type", "OrderShipped");

        assertThat(invoke(Events.sqsEvent("m-wrong", wrongType))).containsExactly("m-wrong");
        assertThat(Published.withinASecond(sqs)).isEmpty();
    }

    @Test
    void totalWithinACentOfTheSumIsAccepted() {
        ObjectNode order = orderPlaced("o-rounding");
        Events.detail(order).put("total", new java.math.BigDecimal("30.009"));

        assertThat(invoke(Events.sqsEvent("m-r", order))).isEmpty();
        assertThat(Published.take(sqs, 1)).extracting(e -> e.get("detail-type").asText())
                .containsExactly("OrderFulfilled");
    }

    static Stream<Arguments> rejections() {
        return Stream.of(
                rejection("no items", o -> Events.items(o).removeAll(), "items must not be empty"),
                rejection("zero quantity", o -> {
                    Events.items(o).addObject().put("sku", "SKU-1").put("quantity", 0).put("unitPrice", 5);
                }, "items[2].quantity must be > 0 (given 0)"),
                rejection("negative quantity", o -> item(o, 0).put("quantity", -1),
                        "items[0].quantity must be > 0 (given -1)"),
                rejection("missing quantity", o -> item(o, 1).remove("quantity"), "items[1].quantity is required"),
                rejection("negative price", o -> item(o, 1).put("unitPrice", -10),
                        "items[1].unitPrice must be >= 0 (given -10)"),
                rejection("missing sku", o -> item(o, 0).remove("sku"), "items[0].sku is required"),
                rejection("total off by a cent", o -> Events.detail(o).put("total", 30.01),
                        "total must equal the sum of quantity * unitPrice, 30.00 (given 30.01)"),
                rejection("unknown currency", o -> Events.detail(o).put("currency", "JPY"),
                        "currency must be one of [EUR, GBP, USD] (given JPY)"),
                rejection("missing customer", o -> Events.detail(o).remove("customerId"), "customerId is required"),
                rejection("unknown SKU", o -> item(o, 1).put("sku", "SKU-404"),
                        "items[1].sku SKU-404 is not a known SKU"),
                rejection("over stock", o -> {
                    item(o, 1).put("quantity", 6);
                    Events.detail(o).put("total", 80.00);
                }, "items[1].sku SKU-2: ordered 6 exceeds stock 5"));
    }

    private static Arguments rejection(String name, Consumer<ObjectNode> change, String reason) {
        return Arguments.of(name, change, reason);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejections")
    void invalidOrderIsRejectedWithTheReasonNamingTheField(String name, Consumer<ObjectNode> change, String reason) {
        ObjectNode order = orderPlaced("o-" + name.replace(' ', '-'));
        change.accept(order);

        assertThat(invoke(Events.sqsEvent("m-" + name, order))).isEmpty();

        List<JsonNode> events = Published.take(sqs, 1);
        assertThat(events).hasSize(1);
        assertThat(events.get(0).get("detail-type").asText()).isEqualTo("OrderRejected");
        JsonNode detail = events.get(0).get("detail");
        assertThat(detail.get("orderId").asText()).isEqualTo("o-" + name.replace(' ', '-'));
        assertThat(detail.get("reasons")).extracting(JsonNode::asText).contains(reason);
    }

    private static List<String> invoke(String sqsEvent) {
        return MockEventServer.batchItemFailures(sqsEvent);
    }
}
