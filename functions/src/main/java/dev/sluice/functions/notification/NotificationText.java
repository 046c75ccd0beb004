package dev.sluice.functions.notification;

import java.math.BigDecimal;
import java.util.List;

import dev.sluice.functions.model.EventTypes;
import dev.sluice.functions.model.OrderOutcome;

/** The customer-facing sentence for each outcome. */
final class NotificationText {

    private NotificationText() {
    }

    static String of(String eventType, OrderOutcome outcome) {
        String order = "Your order " + outcome.orderId();
        return switch (eventType) {
            case EventTypes.ORDER_FULFILLED -> order + " of " + amount(outcome.total(), outcome.currency())
                    + " has been fulfilled.";
            case EventTypes.ORDER_REJECTED -> order + " was rejected: " + reasons(outcome.reasons()) + ".";
            case EventTypes.ORDER_FLAGGED -> order + " is being reviewed: " + reasons(outcome.reasons()) + ".";
            default -> throw new IllegalArgumentException("no notification for " + eventType);
        };
    }

    private static String amount(BigDecimal total, String currency) {
        return (total == null ? "?" : total.toPlainString()) + " " + (currency == null ? "" : currency);
    }

    private static String reasons(List<String> reasons) {
        return reasons == null || reasons.isEmpty() ? "no reason given" : String.join("; ", reasons);
    }
}
