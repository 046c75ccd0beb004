package dev.sluice.functions.notification;

/** A notification that did not reach the outbox queue: the triggering record must be retried. */
public class OutboxSendException extends RuntimeException {

    public OutboxSendException(String message, Throwable cause) {
        super(message, cause);
    }
}
