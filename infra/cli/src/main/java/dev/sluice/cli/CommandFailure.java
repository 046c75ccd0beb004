package dev.sluice.cli;

/** A failure the user can act on: printed as one line {@code sluice: <message>}, exit code 1. */
final class CommandFailure extends RuntimeException {

    CommandFailure(String message) {
        super(message);
    }

    CommandFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
