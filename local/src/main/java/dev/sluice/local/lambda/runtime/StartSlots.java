package dev.sluice.local.lambda.runtime;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * How many execution environments of the whole local cloud run their init at once: every function, every event
 * source mapping, asynchronous and synchronous invocations and pre-warming share these slots. On AWS each environment
 * boots on its own hardware; here they share the machine's cores, and twenty JVMs booting together on two cores all
 * overrun their init budget together. With a bound, each init gets the CPU it needs and finishes within its budget.
 *
 * <p>An environment takes a slot before its process starts and gives it back when init ends (ready, failed, timed
 * out or stopped); its init budget starts when the slot is granted. A slot that comes free goes to the longest
 * waiting environment of a function that has no environment ready or starting, else to the longest waiting one: a
 * function's first environment goes ahead of a further one of a function that already runs, so every function makes
 * progress.
 */
public final class StartSlots {

    /** The default bound: the machine's cores, at least 2. */
    public static int defaultLimit() {
        return Math.max(2, Runtime.getRuntime().availableProcessors());
    }

    /** Told when an environment has to wait for a slot, and when that wait ends (granted or not). */
    public interface WaitListener {
        WaitListener NONE = new WaitListener() {
        };

        default void waiting() {
        }

        default void waited() {
        }
    }

    /** A slot held: give it back exactly once with {@link #close()}. */
    public interface Slot extends AutoCloseable {
        @Override
        void close();
    }

    private record Waiter(String function, BooleanSupplier hasReadyEnvironment) {
    }

    private int limit;
    private int held;
    private final Map<String, Integer> heldBy = new HashMap<>();
    private final List<Waiter> waiters = new ArrayList<>();
    private long granted;
    private long waited;

    public StartSlots(int limit) {
        setLimit(limit);
    }

    /** Changes the bound; environments waiting are granted at once if it grew. */
    public synchronized void setLimit(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("concurrent inits must be at least 1 (given " + limit + ")");
        }
        this.limit = limit;
        notifyAll();
    }

    public synchronized int limit() {
        return limit;
    }

    /** Inits running now. */
    public synchronized int inUse() {
        return held;
    }

    /** Environments waiting for a slot now. */
    public synchronized int waiting() {
        return waiters.size();
    }

    /** Slots granted since start, and how many of those had to wait. */
    public synchronized long[] counts() {
        return new long[] {granted, waited};
    }

    /**
     * Takes a slot for an environment of {@code function}, waiting (and telling {@code listener}) while all are
     * taken.
     *
     * @param hasReadyEnvironment whether the function has an environment ready to take invocations (then this one
     *                            waits behind the first environments of other functions)
     */
    public Slot acquire(String function, BooleanSupplier hasReadyEnvironment, WaitListener listener)
            throws InterruptedException {
        Waiter waiter = new Waiter(function, hasReadyEnvironment);
        synchronized (this) {
            if (held < limit && waiters.isEmpty()) {
                return grant(waiter);
            }
            waiters.add(waiter);
            waited++;
        }
        listener.waiting();
        try {
            synchronized (this) {
                try {
                    while (!(held < limit && next() == waiter)) {
                        wait();
                    }
                    waiters.remove(waiter);
                    return grant(waiter);
                } catch (InterruptedException e) {
                    waiters.remove(waiter);
                    notifyAll();
                    throw e;
                }
            }
        } finally {
            listener.waited();
        }
    }

    /** The waiter the next free slot goes to. */
    private Waiter next() {
        for (Waiter waiter : waiters) {
            if (heldBy.getOrDefault(waiter.function(), 0) == 0 && !waiter.hasReadyEnvironment().getAsBoolean()) {
                return waiter;
            }
        }
        return waiters.isEmpty() ? null : waiters.get(0);
    }

    private Slot grant(Waiter waiter) {
        held++;
        granted++;
        heldBy.merge(waiter.function(), 1, Integer::sum);
        return new Slot() {
            private boolean returned;

            @Override
            public void close() {
                synchronized (StartSlots.this) {
                    if (returned) {
                        return;
                    }
                    returned = true;
                    held--;
                    heldBy.computeIfPresent(waiter.function(), (name, count) -> count == 1 ? null : count - 1);
                    StartSlots.this.notifyAll();
                }
            }
        };
    }
}
