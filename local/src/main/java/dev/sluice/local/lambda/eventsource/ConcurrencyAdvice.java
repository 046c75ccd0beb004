package dev.sluice.local.lambda.eventsource;

import java.util.Optional;

/**
 * The throttling trap: a function whose reserved concurrency is below what its SQS mapping runs at once. Event source
 * mappings do not account for reserved concurrency ("Event source mappings don't account for reserved concurrency and
 * can process more messages off your queue than can be sent to your function", AWS Knowledge Center, "lambda-sqs-
 * scaling"), so the batches over it are throttled: their messages come back after the visibility timeout with their
 * receive count raised, and can reach the dead-letter queue without the handler ever running. AWS's advice: do not set
 * MaximumConcurrency above the reserved concurrency (same page), and reserve at least 5 when the mapping has no
 * MaximumConcurrency, since Lambda starts an SQS mapping at 5 concurrent batches ("Configuring scaling behavior for SQS
 * event source mappings", Lambda developer guide).
 */
public final class ConcurrencyAdvice {

    /** Batches a mapping without MaximumConcurrency runs at once at first on AWS (and locally without autoscaler). */
    public static final int DEFAULT_DEMAND = EventSourceMappingConfig.DEFAULT_CONCURRENCY;

    /** ScalingConfig.MaximumConcurrency's lower bound. */
    static final int MINIMUM_MAXIMUM_CONCURRENCY = 2;

    private ConcurrencyAdvice() {
    }

    /**
     * The warning for {@code function} fed by {@code queue}, or empty when its reserved concurrency covers the mapping.
     *
     * @param reservedConcurrency the function's reserved concurrency (null: none, nothing to warn about)
     * @param maximumConcurrency  the mapping's ScalingConfig.MaximumConcurrency (null: not set)
     */
    public static Optional<String> check(String function, String queue, Integer reservedConcurrency,
                                         Integer maximumConcurrency) {
        if (reservedConcurrency == null) {
            return Optional.empty();
        }
        int demand = maximumConcurrency == null ? DEFAULT_DEMAND : maximumConcurrency;
        if (reservedConcurrency >= demand) {
            return Optional.empty();
        }
        String wanted = maximumConcurrency == null
                ? "the " + DEFAULT_DEMAND + " concurrent batches Lambda starts an SQS mapping with (no MaximumConcurrency)"
                : "the mapping's MaximumConcurrency " + maximumConcurrency;
        // MaximumConcurrency cannot go below 2: under a reservation of 1 (or 0) only a larger reservation helps
        String fix = reservedConcurrency >= MINIMUM_MAXIMUM_CONCURRENCY
                ? "set MaximumConcurrency to at most " + reservedConcurrency + " or reserve at least " + demand
                : "reserve at least " + demand;
        return Optional.of("function " + function + " has reserved concurrency " + reservedConcurrency + ", below "
                + wanted + " on queue " + queue + ": the batches over it are throttled and their messages return with"
                + " their receive count raised, reaching the dead-letter queue without the handler running; " + fix);
    }
}
