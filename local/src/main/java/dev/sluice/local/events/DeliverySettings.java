package dev.sluice.local.events;

import java.time.Clock;
import java.time.Duration;

/**
 * How targets are delivered and retried. Retry n (1-based) waits {@code backoffBase * 2^(n-1)}, at most
 * {@code backoffCap}. {@code threads} run the (blocking) sends; a target that keeps no order (a standard queue, a
 * Lambda function) has at most {@code batchesInFlight} batches on their way at once, a FIFO queue one. Tests pass a
 * millisecond base so retry policies run quickly.
 */
record DeliverySettings(Duration backoffBase, Duration backoffCap, Clock clock, int threads, int batchesInFlight) {

    private static final int DEFAULT_BATCHES_IN_FLIGHT = 4;

    static final DeliverySettings DEFAULT = new DeliverySettings(Duration.ofSeconds(1), Duration.ofMinutes(5),
            Clock.systemUTC(), 8, DEFAULT_BATCHES_IN_FLIGHT);

    DeliverySettings {
        if (threads < 1 || batchesInFlight < 1) {
            throw new IllegalArgumentException("threads and batchesInFlight must be at least 1 (given " + threads
                    + ", " + batchesInFlight + ")");
        }
    }

    DeliverySettings(Duration backoffBase, Duration backoffCap, Clock clock, int threads) {
        this(backoffBase, backoffCap, clock, threads, DEFAULT_BATCHES_IN_FLIGHT);
    }

    DeliverySettings withClock(Clock newClock) {
        return new DeliverySettings(backoffBase, backoffCap, newClock, threads, batchesInFlight);
    }

    Duration backoff(int retry) {
        long base = backoffBase.toMillis();
        long millis = retry >= 40 ? Long.MAX_VALUE : base << Math.max(0, retry - 1);
        if (millis < 0 || millis > backoffCap.toMillis()) {
            millis = backoffCap.toMillis();
        }
        return Duration.ofMillis(millis);
    }
}
