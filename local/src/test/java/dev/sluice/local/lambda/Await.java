package dev.sluice.local.lambda;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for an eventual outcome (never asserts how long it took). */
public final class Await {

    private Await() {
    }

    public static void until(String what, Duration limit, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("gave up waiting for: " + what);
            }
            Thread.sleep(100);
        }
    }
}
