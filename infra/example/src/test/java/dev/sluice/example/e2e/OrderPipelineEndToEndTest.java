package dev.sluice.example.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.example.e2e.OrderMix.Order;
import dev.sluice.example.e2e.OrderMix.Outcome;
import dev.sluice.example.infra.OrderPipelineApp;
import dev.sluice.local.LocalCloud;
import dev.sluice.local.core.Json;
import dev.sluice.local.template.DeployResult;
import dev.sluice.local.template.DeployedResource;
import dev.sluice.local.template.ResourceStatus;
import dev.sluice.local.template.TemplateDeployer;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The end-to-end test: the example app, synthesized by the CDK, deployed to the local cloud from its cloud
 * assembly, takes 1,000 OrderPlaced events through bus, rules, queues, mappings and the three real functions, and
 * every order ends as exactly its notifications in the outbox, with every queue drained and every DLQ empty.
 *
 * <p>The consumer queues have a 180 s visibility timeout, so a failed batch shows up here as a wait that runs out;
 * the failure report then shows the mappings, queues and the functions' last output.
 */
class OrderPipelineEndToEndTest {

    private static final int ORDERS = 1_000;
    private static final Duration OUTBOX_LIMIT = Duration.ofMinutes(5);
    private static final Duration SETTLE_LIMIT = Duration.ofSeconds(60);
    private static final Set<String> FUNCTIONS = Set.of("fulfillOrder", "reviewOrder", "notifyCustomer");
    private static final List<String> DEAD_LETTER_QUEUES =
            List.of("fulfillment-dlq", "notifications-dlq", "outbox-dlq", "reviewOrder-events-dlq");
    private static final ObjectMapper JSON = Json.MAPPER;

    @TempDir
    Path dir;

    /** One outbox message. */
    record Notification(String orderId, String eventType, String message) {

        String key() {
            return orderId + " " + eventType;
        }
    }

    @Test
    void thousandOrdersEachGetExactlyTheirNotifications() throws Exception {
        Path cdkOut = dir.resolve("cdk.out");
        Map<String, Object> context = new LinkedHashMap<>();
        context.put(OrderPipelineApp.FUNCTION_ZIP_CONTEXT, ExampleFunctionZip.path().toString());
        context.put("aws:cdk:enable-asset-metadata", true); // where the local cloud finds each function's code
        OrderPipelineApp.synth(cdkOut, context);

        List<String> deployLog = Collections.synchronizedList(new ArrayList<>());
        try (ConsoleTail console = ConsoleTail.install(FUNCTIONS);
             LocalCloud cloud = LocalCloud.builder().port(0).workDir(dir.resolve("cloud")).build().start();
             TemplateDeployer deployer = new TemplateDeployer(cloud.endpoint(), LocalQueues.REGION, deployLog::add);
             LocalQueues queues = new LocalQueues(cloud.endpoint());
             EventBridgeClient events = LocalQueues.events(cloud.endpoint())) {
            try {
                List<DeployResult> deployed = deployer.deployCloudAssembly(cdkOut);
                assertThat(deployed.stream().flatMap(r -> r.resources().stream())
                        .filter(r -> r.type().equals("AWS::Lambda::Function")))
                        .as("functions deployed, log: %s", deployLog)
                        .extracting(DeployedResource::physicalId, DeployedResource::status)
                        .containsExactlyInAnyOrder(FUNCTIONS.stream()
                                .map(name -> Tuple.tuple(name, ResourceStatus.CREATED)).toArray(Tuple[]::new));
                runOrders(console, queues, events);
            } catch (AssertionError | RuntimeException e) {
                CloudReport.print(console, cloud, queues, deployLog);
                throw e;
            }
        }
    }

    private void runOrders(ConsoleTail console, LocalQueues queues, EventBridgeClient events) throws Exception {
        List<Order> orders = IntStream.range(0, ORDERS).mapToObj(n -> OrderMix.order("e2e", n)).toList();
        Map<String, Order> byId = orders.stream().collect(Collectors.toMap(Order::orderId, Function.identity()));
        long flaggedCount = orders.stream().filter(Order::flagged).count();
        int expectedNotifications = ORDERS + (int) flaggedCount;
        String outbox = queues.url("outbox");

        long started = System.nanoTime();
        for (int from = 0; from < ORDERS; from += 10) {
            List<PutEventsRequestEntry> entries = new ArrayList<>();
            for (Order order : orders.subList(from, from + 10)) {
                entries.add(PutEventsRequestEntry.builder().eventBusName("orders").source("shop.orders")
                        .detailType("OrderPlaced").detail(JSON.writeValueAsString(order.detail())).build());
            }
            PutEventsResponse response = events.putEvents(r -> r.entries(entries));
            assertThat(response.failedEntryCount()).as("PutEvents failures: %s", response.entries()).isZero();
        }
        double putSeconds = seconds(started);

        List<Notification> notifications = new ArrayList<>();
        long deadline = started + OUTBOX_LIMIT.toNanos();
        long nextProgress = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        double firstSeconds = Double.NaN; // mostly the cold starts of about 20 function JVMs
        while (notifications.size() < expectedNotifications && System.nanoTime() < deadline) {
            for (Message message : queues.take(outbox)) {
                notifications.add(parse(message.body()));
            }
            if (Double.isNaN(firstSeconds) && !notifications.isEmpty()) {
                firstSeconds = seconds(started);
            }
            if (System.nanoTime() > nextProgress) {
                console.println(String.format("e2e: %d of %d notifications after %.0f s", notifications.size(),
                        expectedNotifications, seconds(started)));
                nextProgress += Duration.ofSeconds(15).toNanos();
            }
        }
        double elapsed = seconds(started);
        console.println(String.format("e2e: %d orders put in %.1f s; first notification after %.1f s; %d"
                        + " notifications in the outbox after %.1f s (%.0f orders/s end to end)", ORDERS, putSeconds,
                firstSeconds, notifications.size(), elapsed, ORDERS / elapsed));
        assertThat(notifications).as("notifications in the outbox within %s (a failed batch waits out the 180 s"
                + " visibility timeout)", OUTBOX_LIMIT).hasSizeGreaterThanOrEqualTo(expectedNotifications);

        // The mappings delete a batch only after its function returns: wait for that, then look for late extras.
        awaitSettled(queues, () -> queues.depth("fulfillment") == 0 && queues.depth("notifications") == 0);
        for (List<Message> more = queues.take(outbox); !more.isEmpty(); more = queues.take(outbox)) {
            more.forEach(message -> notifications.add(parse(message.body())));
        }

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
        console.println("e2e: outcomes " + actualOutcomes + ", flagged " + flags.size() + ", kinds " + kinds);

        for (String queue : List.of("fulfillment", "notifications", "outbox")) {
            assertThat(queues.depth(queue)).as("messages left on %s", queue).isZero();
        }
        for (String queue : DEAD_LETTER_QUEUES) {
            assertThat(queues.depth(queue)).as("messages on dead-letter queue %s", queue).isZero();
        }
    }

    private static void awaitSettled(LocalQueues queues, BooleanSupplier settled) throws InterruptedException {
        long deadline = System.nanoTime() + SETTLE_LIMIT.toNanos();
        while (!settled.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("queues not drained within " + SETTLE_LIMIT + ": " + queues.depths());
            }
            Thread.sleep(200);
        }
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
