package dev.sluice.functions.model;

/** An event that cannot be processed at all: the message is reported failed and, after retries, lands in a DLQ. */
public class MalformedEventException extends RuntimeException {

    public MalformedEventException(String message) {
        super(message);
    }
}
