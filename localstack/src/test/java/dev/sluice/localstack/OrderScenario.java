package dev.sluice.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.local.core.Json;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The example pipeline's scenario: {@value #VALID} valid orders and {@value #INVALID} invalid ones put on bus
 * {@code orders} as {@code OrderPlaced}; every order must end as exactly one notification in {@code outbox}.
 * All totals stay at or below the review threshold (1000): reviewOrder is a Lambda target of the bus, which
 * LocalStack's EventBridge cannot deliver to a function running in the local cloud.
 */
final class OrderScenario {

    static final int VALID = 9;
    static final int INVALID = 3;
    static final List<String> CONSUMED_QUEUES = List.of("fulfillment", "notifications");
    static final List<String> DEAD_LETTER_QUEUES = List.of("fulfillment-dlq", "notifications-dlq", "outbox-dlq");
    private static final int PUT_EVENTS_LIMIT = 10;
    private static final ObjectMapper JSON = Json.MAPPER;

    private final String prefix;

    /** @param prefix makes the order ids of this run unique, e.g. {@code attached} */
    OrderScenario(String prefix) {
        this.prefix = prefix;
    }

    List<String> orderIds() {
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= VALID + INVALID; i++) {
            ids.add(orderId(i));
        }
        return ids;
    }

    /** Per notification type, how many the scenario must produce. */
    static Map<String, Long> expectedNotifications() {
        return Map.of("OrderFulfilled", (long) VALID, "OrderRejected", (long) INVALID);
    }

    /** Every order notified exactly once, with the expected outcome; consumed queues drained; DLQs empty. */
    void assertCompleted(ScenarioOutcome outcome) {
        assertThat(outcome.notificationsByType()).as("notifications by type").isEqualTo(expectedNotifications());
        assertThat(outcome.notificationsByOrder()).as("notifications by order").containsOnlyKeys(orderIds())
                .allSatisfy((order, count) -> assertThat(count).as("notifications for %s", order).isEqualTo(1L));
        assertThat(outcome.backlogs()).containsOnlyKeys(CONSUMED_QUEUES)
                .allSatisfy((queue, backlog) -> assertThat(backlog).as("backlog of %s", queue).isZero());
        assertThat(outcome.deadLetters()).containsOnlyKeys(DEAD_LETTER_QUEUES)
                .allSatisfy((queue, messages) -> assertThat(messages).as("messages in %s", queue).isEmpty());
    }

    /** Puts every order on the bus and waits until as many notifications are in the outbox (or the timeout). */
    ScenarioOutcome run(AwsClients aws, Duration timeout) throws IOException, InterruptedException {
        putOrders(aws);
        List<JsonNode> notifications = drainOutbox(aws, timeout);
        Map<String, Integer> backlogs = awaitDrained(aws, Duration.ofSeconds(30));
        Map<String, List<String>> deadLetters = new TreeMap<>();
        for (String dlq : DEAD_LETTER_QUEUES) {
            deadLetters.put(dlq, deadLetters(aws, dlq));
        }
        return new ScenarioOutcome(
                count(notifications, n -> n.path("eventType").asText()),
                count(notifications, n -> n.path("orderId").asText()),
                deadLetters, backlogs);
    }

    private void putOrders(AwsClients aws) {
        List<PutEventsRequestEntry> entries = new ArrayList<>();
        for (int i = 1; i <= VALID + INVALID; i++) {
            entries.add(PutEventsRequestEntry.builder()
                    .eventBusName("orders")
                    .source("shop.orders")
                    .detailType("OrderPlaced")
                    .detail(detail(i))
                    .build());
        }
        for (int from = 0; from < entries.size(); from += PUT_EVENTS_LIMIT) {
            List<PutEventsRequestEntry> batch = entries.subList(from, Math.min(from + PUT_EVENTS_LIMIT, entries.size()));
            PutEventsResponse response = aws.events().putEvents(r -> r.entries(batch));
            if (response.failedEntryCount() != 0) {
                throw new IllegalStateException("PutEvents failed for " + response.failedEntryCount() + " entries: "
                        + response.entries());
            }
        }
    }

    /** Valid orders alternate SKUs well within stock; invalid ones break one rule each. */
    private String detail(int i) {
        String id = orderId(i);
        if (i <= VALID) {
            String sku = i % 2 == 0 ? "SKU-1" : "SKU-3";
            return "{\"orderId\":\"" + id + "\",\"customerId\":\"c-" + i + "\",\"items\":[{\"sku\":\"" + sku
                    + "\",\"quantity\":2,\"unitPrice\":" + (100 + i) + ".00}],\"total\":" + 2 * (100 + i)
                    + ".00,\"currency\":\"EUR\"}";
        }
        return switch (i - VALID) {
            case 1 -> "{\"orderId\":\"" + id + "\",\"customerId\":\"c-" + i + "\",\"items\":[{\"sku\":\"SKU-1\","
                    + "\"quantity\":1,\"unitPrice\":10.00}],\"total\":10.00,\"currency\":\"XYZ\"}";
            case 2 -> "{\"orderId\":\"" + id + "\",\"customerId\":\"c-" + i + "\",\"items\":[{\"sku\":\"SKU-1\","
                    + "\"quantity\":1,\"unitPrice\":10.00}],\"total\":99.00,\"currency\":\"USD\"}";
            default -> "{\"orderId\":\"" + id + "\",\"customerId\":\"c-" + i + "\",\"items\":[{\"sku\":\"SKU-9\","
                    + "\"quantity\":1,\"unitPrice\":10.00}],\"total\":10.00,\"currency\":\"GBP\"}";
        };
    }

    private String orderId(int i) {
        return prefix + "-" + i;
    }

    private List<JsonNode> drainOutbox(AwsClients aws, Duration timeout) throws IOException {
        String url = aws.queueUrl("outbox");
        int expected = VALID + INVALID;
        List<JsonNode> received = new ArrayList<>();
        Instant deadline = Instant.now().plus(timeout);
        while (received.size() < expected && Instant.now().isBefore(deadline)) {
            received.addAll(receiveAndDelete(aws, url, 2));
        }
        // A duplicate would arrive after the last expected one: one more long poll catches it.
        received.addAll(receiveAndDelete(aws, url, 2));
        return received;
    }

    private List<JsonNode> receiveAndDelete(AwsClients aws, String url, int waitSeconds) throws IOException {
        List<Message> messages = aws.sqs().receiveMessage(r -> r.queueUrl(url).maxNumberOfMessages(10)
                .waitTimeSeconds(waitSeconds)).messages();
        List<JsonNode> bodies = new ArrayList<>();
        for (Message message : messages) {
            bodies.add(JSON.readTree(message.body()));
            aws.sqs().deleteMessage(r -> r.queueUrl(url).receiptHandle(message.receiptHandle()));
        }
        return bodies;
    }

    /** Waits until the consumed queues are empty (deletes can trail the last notification); returns the backlogs. */
    private static Map<String, Integer> awaitDrained(AwsClients aws, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            Map<String, Integer> backlogs = new TreeMap<>();
            for (String queue : CONSUMED_QUEUES) {
                backlogs.put(queue, backlog(aws, queue));
            }
            if (backlogs.values().stream().allMatch(b -> b == 0) || Instant.now().isAfter(deadline)) {
                return backlogs;
            }
            Thread.sleep(500);
        }
    }

    private static int backlog(AwsClients aws, String queue) {
        String url = aws.queueUrl(queue);
        Map<QueueAttributeName, String> attributes = aws.sqs().getQueueAttributes(r -> r.queueUrl(url)
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
        return Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                + Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }

    /** A dead-letter queue's messages, summarised so runs on different emulators compare (ids and times differ). */
    private static List<String> deadLetters(AwsClients aws, String queue) {
        String url = aws.queueUrl(queue);
        List<String> summaries = new ArrayList<>();
        List<Message> messages;
        do {
            messages = aws.sqs().receiveMessage(r -> r.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(0)
                    .visibilityTimeout(60)).messages();
            for (Message message : messages) {
                summaries.add(summary(message.body()));
            }
        } while (!messages.isEmpty());
        summaries.sort(null);
        return summaries;
    }

    private static String summary(String body) {
        try {
            JsonNode event = JSON.readTree(body);
            if (event.has("detail-type")) {
                return event.path("detail-type").asText() + " " + event.path("detail").path("orderId").asText();
            }
        } catch (IOException notJson) {
            // summarised as the raw body below
        }
        return body;
    }

    private static Map<String, Long> count(List<JsonNode> notifications, Function<JsonNode, String> key) {
        return notifications.stream().collect(Collectors.groupingBy(key, TreeMap::new, Collectors.counting()));
    }
}
