package dev.sluice.functions.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.sluice.functions.pipeline.OrderMix.Order;
import dev.sluice.functions.pipeline.OrderMix.Outcome;
import dev.sluice.junit.LocalCloudTest;
import dev.sluice.junit.TestCloud;
import dev.sluice.local.template.DeployedResource;
import dev.sluice.local.template.ResourceStatus;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The end-to-end test: the example project's CDK app (cdk.json at the repository root), synthesized and
 * deployed to the local cloud by the JUnit extension, takes 1,000 OrderPlaced events through bus, rules, queues,
 * mappings and the three real functions (the function.zip {@code package} built), and every order ends as exactly its
 * notifications in the outbox, with every queue drained and every DLQ empty.
 *
 * <p>The consumer queues have a 180 s visibility timeout, so a failed batch shows up here as a wait that runs out;
 * the failure then carries the local cloud's report: queues, functions, and the functions' last output.
 */
@LocalCloudTest
class OrderPipelineEndToEndIT {

    private static final int ORDERS = 1_000;
    private static final Duration OUTBOX_LIMIT = Duration.ofMinutes(5);
    private static final Duration SETTLE_LIMIT = Duration.ofSeconds(60);
    private static final Set<String> FUNCTIONS = Set.of("fulfillOrder", "reviewOrder", "notifyCustomer");
    private static final List<String> DEAD_LETTER_QUEUES =
            List.of("fulfillment-dlq", "notifications-dlq", "outbox-dlq", "reviewOrder-events-dlq");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One outbox message. */
    record Notification(String orderId, String eventType, String message) {

        String key() {
            return orderId + " " + eventType;
        }
    }

    @Test
    void thousandOrdersEachGetExactlyTheirNotifications(TestCloud cloud) throws Exception {
        assertThat(cloud.deployed().stream().flatMap(r -> r.resources().stream())
                .filter(r -> r.type().equals("AWS::Lambda::Function")))
                .as("functions deployed")
                .extracting(DeployedResource::physicalId, DeployedResource::status)
                .containsExactlyInAnyOrder(FUNCTIONS.stream()
                        .map(name -> Tuple.tuple(name, ResourceStatus.CREATED)).toArray(Tuple[]::new));
        runOrders(cloud);
    }

    private void runOrders(TestCloud cloud) throws Exception {
        List<Order> orders = IntStream.range(0, ORDERS).mapToObj(n -> OrderMix.order("e2e", n)).toList();
        Map<String, Order> byId = orders.stream().collect(Collectors.toMap(Order::orderId, Function.identity()));
        long flaggedCount = orders.stream().filter(Order::flagged).count();
        int expectedNotifications = ORDERS + (int) flaggedCount;
        long started = System.nanoTime();
        List<PutEventsRequestEntry> entries = new ArrayList<>();
        for (Order order : orders) {
            entries.add(PutEventsRequestEntry.builder().eventBusName("orders").source("shop.orders")
                    .detailType("OrderPlaced").detail(JSON.writeValueAsString(order.detail())).build());
        }
        cloud.putEvents(entries.toArray(PutEventsRequestEntry[]::new));
        double putSeconds = seconds(started);

        // A failed batch waits out the 180 s visibility timeout: the wait runs out, and the failure shows the cloud.
        List<Notification> notifications = new ArrayList<>();
        for (Message message : cloud.awaitMessages("outbox", expectedNotifications, OUTBOX_LIMIT)) {
            notifications.add(parse(message.body()));
        }
        double elapsed = seconds(started);
        System.out.println(String.format("e2e: %d orders put in %.1f s; %d notifications in the outbox after %.1f s"
                + " (%.0f orders/s end to end)", ORDERS, putSeconds, notifications.size(), elapsed, ORDERS / elapsed));

        // The mappings delete a batch only after its function returns: wait for that, then look for late extras.
        cloud.awaitEmpty("fulfillment", SETTLE_LIMIT);
        cloud.awaitEmpty("notifications", SETTLE_LIMIT);
        cloud.assertEmpty("outbox");

        Map<String, Long> perKey = notifications.stream()
                .collect(Collectors.groupingBy(Notification::key, TreeMap::new, Collectors.counting()));
        assertThat(perKey).as("duplicate notifications (orderId eventType)").allSatisfy((key, count) ->
                assertThat(count).as(key).isEqualTo(1L));
        assertThat(notifications).extracting(Notification::orderId).as("notifications for unknown orders")
                .allMatch(byId::containsKey);

        Map<String, Notification> outcomes = new TreeMap<>();
        Map<String, Notification> flags = new TreeMap<>();
        for (Notification notification : notifications) {
            switch (notification.eventType()) {
                case "OrderFulfilled", "OrderRejected" -> outcomes.merge(notification.orderId(), notification,
                        (first, second) -> {
                            throw new AssertionError("two outcomes for " + first.orderId() + ": " + first + ", " + second);
                        });
                case "OrderFlagged" -> flags.put(notification.orderId(), notification);
                default -> throw new AssertionError("unexpected event type in the outbox: " + notification);
            }
        }
        assertThat(outcomes.keySet()).as("orders with an outcome notification").containsExactlyInAnyOrderElementsOf(
                byId.keySet());
        assertThat(flags.keySet()).as("orders flagged: exactly those with total > 1000").containsExactlyInAnyOrderElementsOf(
                orders.stream().filter(Order::flagged).map(Order::orderId).toList());

        Map<Outcome, Integer> expectedOutcomes = new EnumMap<>(Outcome.class);
        Map<Outcome, Integer> actualOutcomes = new EnumMap<>(Outcome.class);
        Map<OrderMix.Kind, Integer> kinds = new EnumMap<>(OrderMix.Kind.class);
        for (Order order : orders) {
            Notification outcome = outcomes.get(order.orderId());
            expectedOutcomes.merge(order.kind().outcome, 1, Integer::sum);
            actualOutcomes.merge(outcome.eventType().equals("OrderFulfilled") ? Outcome.FULFILLED : Outcome.REJECTED,
                    1, Integer::sum);
            kinds.merge(order.kind(), 1, Integer::sum);
            assertThat(outcome.eventType()).as("outcome of %s (%s)", order.orderId(), order.kind())
                    .isEqualTo(order.kind().outcome == Outcome.FULFILLED ? "OrderFulfilled" : "OrderRejected");
            assertThat(outcome.message()).as("outcome message of %s (%s)", order.orderId(), order.kind())
                    .contains(order.kind().outcomeText);
            if (order.flagged()) {
                String flag = flags.get(order.orderId()).message();
                assertThat(flag).as("review message of %s", order.orderId())
                        .contains("total " + order.total().setScale(2, RoundingMode.HALF_UP) + " exceeds 1000");
                if (order.kind().reviewText != null) {
                    assertThat(flag).contains(order.kind().reviewText);
                }
            }
        }
        assertThat(kinds).as("the mix has every kind of order").hasSize(OrderMix.Kind.values().length);
        assertThat(actualOutcomes).as("notifications per outcome").isEqualTo(expectedOutcomes);
        assertThat(notifications).hasSize(expectedNotifications);
        System.out.println("e2e: outcomes " + actualOutcomes + ", flagged " + flags.size() + ", kinds " + kinds);

        for (String queue : List.of("fulfillment", "notifications", "outbox")) {
            cloud.assertEmpty(queue);
        }
        DEAD_LETTER_QUEUES.forEach(cloud::assertEmpty);
    }

    private static Notification parse(String body) {
        try {
            JsonNode node = JSON.readTree(body);
            return new Notification(node.path("orderId").asText(null), node.path("eventType").asText(null),
                    node.path("message").asText(""));
        } catch (java.io.IOException e) {
            throw new AssertionError("outbox message is not JSON: " + body, e);
        }
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
