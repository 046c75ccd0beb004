package dev.sluice.local.events;

import java.time.Clock;
import java.time.Duration;

/**
 * How targets are retried. Retry n (1-based) waits {@code backoffBase * 2^(n-1)}, at most {@code backoffCap}.
 * Tests pass a millisecond base so retry policies run quickly.
 */
record DeliverySettings(Duration backoffBase, Duration backoffCap, Clock clock, int threads) {

    static final DeliverySettings DEFAULT =
            new DeliverySettings(Duration.ofSeconds(1), Duration.ofMinutes(5), Clock.systemUTC(), 2);

    Duration backoff(int retry) {
        long base = backoffBase.toMillis();
        long millis = retry >= 40 ? Long.MAX_VALUE : base << Math.max(0, retry - 1);
        if (millis < 0 || millis > backoffCap.toMillis()) {
            millis = backoffCap.toMillis();
        }
        return Duration.ofMillis(millis);
    }
}
