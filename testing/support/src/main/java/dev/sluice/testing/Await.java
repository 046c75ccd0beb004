package dev.sluice.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for an eventual outcome, polling; never asserts how long it took. */
public final class Await {

    private static final Duration POLL = Duration.ofMillis(100);

    private Await() {
    }

    /**
     * Returns once {@code condition} holds; fails with "gave up waiting for: {@code what}" after {@code limit}.
     *
     * @throws AssertionError when the condition does not hold in time
     */
    public static void until(String what, Duration limit, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("gave up waiting for: " + what);
            }
            Thread.sleep(POLL.toMillis());
        }
    }
}
