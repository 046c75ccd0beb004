package dev.sluice.local.state;

/** The local cloud's state cannot be read or written; the message names the file and what to do. */
public final class StateException extends RuntimeException {

    public StateException(String message) {
        super(message);
    }

    public StateException(String message, Throwable cause) {
        super(message, cause);
    }
}
