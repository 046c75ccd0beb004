package dev.sluice.functions.bus;

/** PutEvents did not accept an event: the triggering message must be retried. */
public class PublishFailedException extends RuntimeException {

    public PublishFailedException(String message) {
        super(message);
    }

    public PublishFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
