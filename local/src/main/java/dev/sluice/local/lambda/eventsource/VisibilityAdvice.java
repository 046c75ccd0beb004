package dev.sluice.local.lambda.eventsource;

import java.util.Optional;

/**
 * AWS's advice for a queue that triggers a function: a visibility timeout of at least six times the function's
 * timeout ("Configuring a queue to use with Lambda", Lambda developer guide), so that a batch retried after a throttle
 * or an error does not become visible again, and run twice, while an earlier attempt still runs. AWS refuses a mapping
 * only when the visibility timeout is below the function's timeout; under six times it is a warning.
 */
public final class VisibilityAdvice {

    static final int FACTOR = 6;

    private VisibilityAdvice() {
    }

    /** The warning for {@code queue} and {@code function}, or empty when the visibility timeout is long enough. */
    public static Optional<String> check(String function, String queue, int visibilityTimeoutSeconds,
                                         int functionTimeoutSeconds) {
        if (visibilityTimeoutSeconds >= FACTOR * functionTimeoutSeconds) {
            return Optional.empty();
        }
        return Optional.of("queue " + queue + " has a visibility timeout of " + visibilityTimeoutSeconds
                + " s, under " + FACTOR + " times the timeout of function " + function + " (" + functionTimeoutSeconds
                + " s): AWS advises at least " + FACTOR * functionTimeoutSeconds + " s, so that a batch retried after"
                + " a throttle or an error is not received again while an earlier attempt still runs");
    }
}
