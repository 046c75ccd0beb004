package dev.sluice.localstack;

import java.util.List;
import java.util.Map;

/**
 * What one run of {@link OrderScenario} left behind, comparable between emulators.
 *
 * @param notificationsByType  outbox messages per event type (OrderFulfilled, OrderRejected, OrderFlagged)
 * @param notificationsByOrder outbox messages per order id
 * @param deadLetters          per dead-letter queue, its messages as {@code detail-type orderId} (or the raw body)
 * @param backlogs             per consumed queue, visible plus in-flight messages at the end
 */
record ScenarioOutcome(Map<String, Long> notificationsByType, Map<String, Long> notificationsByOrder,
                       Map<String, List<String>> deadLetters, Map<String, Integer> backlogs) {
}
