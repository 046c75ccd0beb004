package dev.sluice.functions.notification;

/** The body of one outbox message. */
public record Notification(String orderId, String customerId, String eventType, String eventId, String message) {
}
