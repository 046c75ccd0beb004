package dev.sluice.local.lambda.runtime;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The execution environments of one function: idle ones are reused (most recently used first), new ones are made
 * while fewer than the maximum (the reserved concurrency, else unbounded) exist, idle ones are reaped after the idle
 * timeout, and at least {@link #minimumWarm()} are kept started for an autoscaler.
 * Environments of an older configuration are stopped when they come back.
 */
public final class FunctionEnvironments {

    private final Supplier<FunctionConfig> currentConfig;
    private final Function<FunctionConfig, ExecutionEnvironment> factory;
    private final Executor background;
    private final Deque<ExecutionEnvironment> idle = new ArrayDeque<>();
    private final Set<ExecutionEnvironment> busy = new HashSet<>();
    private int maximum = Integer.MAX_VALUE;
    private int minimumWarm;
    private int peakBusy;
    private boolean closed;
    /** Pre-warmed environments still starting, and invokers waiting for one of them instead of starting their own. */
    private int warming;
    private int waitingForWarm;

    FunctionEnvironments(Supplier<FunctionConfig> currentConfig,
                         java.util.function.BiFunction<FunctionConfig, java.util.function.BooleanSupplier,
                                 ExecutionEnvironment> factory,
                         Executor background) {
        this.currentConfig = currentConfig;
        this.factory = config -> factory.apply(config, this::anyReady);
        this.background = background;
    }

    /** Environments started or starting (idle + busy). */
    public synchronized int running() {
        return idle.size() + busy.size();
    }

    /** Whether an environment has finished init and still runs (idle or busy). */
    synchronized boolean anyReady() {
        for (ExecutionEnvironment environment : idle) {
            if (environment.ready()) {
                return true;
            }
        }
        for (ExecutionEnvironment environment : busy) {
            if (environment.ready()) {
                return true;
            }
        }
        return false;
    }

    /** Environments running an invocation (or starting for one). */
    public synchronized int busy() {
        return busy.size();
    }

    /** The highest number of environments busy at the same time since the function was created. */
    public synchronized int peakBusy() {
        return peakBusy;
    }

    /** The most environments allowed at once: the reserved concurrency, or {@link Integer#MAX_VALUE}. */
    public synchronized int maximum() {
        return maximum;
    }

    public synchronized int minimumWarm() {
        return minimumWarm;
    }

    /**
     * Keeps at least {@code count} environments started (clamped to the maximum): starts the missing ones in the
     * background now; above it, idle environments are reaped after the idle timeout. 0 lets the function scale to zero.
     */
    public void setMinimumWarm(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("minimumWarm must be >= 0 (given " + count + ")");
        }
        synchronized (this) {
            minimumWarm = count;
        }
        prewarm();
    }

    synchronized void setMaximum(int maximum) {
        this.maximum = maximum;
        while (running() > maximum && !idle.isEmpty()) {
            ExecutionEnvironment surplus = idle.removeLast();
            stopLater(surplus::stop);
        }
        notifyAll();
    }

    /** An idle or new (not yet started) environment, or null when the maximum is reached. */
    synchronized ExecutionEnvironment tryAcquire() {
        if (closed) {
            return null;
        }
        FunctionConfig config = currentConfig.get();
        while (!idle.isEmpty()) {
            ExecutionEnvironment environment = idle.removeFirst();
            if (environment.usable() && environment.config() == config) {
                return markBusy(environment);
            }
            stopOutdated(environment);
        }
        if (busy.size() >= maximum) {
            return null;
        }
        return markBusy(factory.apply(config));
    }

    /**
     * Like {@link #tryAcquire()} but waits up to {@code wait} for an environment to come free. While pre-warmed
     * environments are starting, an invoker waits for one of them rather than starting another JVM; {@code listener}
     * hears of that wait (an environment starting is one waiting for, or holding, a {@link StartSlots start slot}).
     */
    synchronized ExecutionEnvironment acquire(Duration wait, StartSlots.WaitListener listener)
            throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        boolean told = false;
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                boolean warmSoon = idle.isEmpty() && waitingForWarm < warming && !closed;
                if (!warmSoon || left <= 0) {
                    ExecutionEnvironment environment = tryAcquire();
                    if (environment != null || left <= 0 || closed) {
                        return environment;
                    }
                }
                if (warmSoon) {
                    waitingForWarm++;
                    if (!told) {
                        told = true;
                        listener.waiting();
                    }
                }
                try {
                    wait(Math.max(1, left / 1_000_000));
                } finally {
                    if (warmSoon) {
                        waitingForWarm--;
                    }
                }
            }
        } finally {
            if (told) {
                listener.waited();
            }
        }
    }

    synchronized void release(ExecutionEnvironment environment) {
        busy.remove(environment);
        if (!closed && environment.usable() && environment.started()
                && environment.config() == currentConfig.get() && running() < maximum) {
            idle.addFirst(environment);
        } else {
            stopOutdated(environment);
        }
        notifyAll();
    }

    /** A new configuration or code: idle environments of older ones stop now, busy ones when released. */
    synchronized void retire() {
        FunctionConfig config = currentConfig.get();
        idle.removeIf(environment -> {
            if (environment.config() != config) {
                stopOutdated(environment);
                return true;
            }
            return false;
        });
        prewarmLater();
    }

    /**
     * Stops idle environments now, least recently used first, while more than {@code count} (and more than
     * {@link #minimumWarm()}) run; busy ones finish their invocation first. An autoscaler's way down, without waiting
     * for the idle timeout.
     *
     * @return how many were stopped
     */
    public int retireIdleAbove(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0 (given " + count + ")");
        }
        List<ExecutionEnvironment> retired = new ArrayList<>();
        synchronized (this) {
            int keep = Math.max(count, minimumWarm);
            var oldestFirst = idle.descendingIterator();
            while (oldestFirst.hasNext() && running() > keep) {
                retired.add(oldestFirst.next());
                oldestFirst.remove();
            }
        }
        retired.forEach(environment -> stopLater(environment::stop));
        return retired.size();
    }

    /** Stops environments idle longer than {@code idleTimeout}, keeping {@link #minimumWarm()}. */
    void reapIdle(Duration idleTimeout) {
        List<ExecutionEnvironment> reaped = new ArrayList<>();
        synchronized (this) {
            var oldestFirst = idle.descendingIterator();
            while (oldestFirst.hasNext() && running() - reaped.size() > minimumWarm) {
                ExecutionEnvironment environment = oldestFirst.next();
                if (!environment.usable() || environment.idleNanos() > idleTimeout.toNanos()) {
                    oldestFirst.remove();
                    reaped.add(environment);
                }
            }
        }
        reaped.forEach(ExecutionEnvironment::stop);
        prewarm();
    }

    void close() {
        List<ExecutionEnvironment> all;
        synchronized (this) {
            closed = true;
            all = new ArrayList<>(idle);
            all.addAll(busy);
            idle.clear();
            notifyAll();
        }
        // busy ones are stopped too: their invocations fail as if the process had died
        all.forEach(ExecutionEnvironment::stop);
    }

    /** Whether an environment started or starting runs the code in {@code taskRoot}. */
    synchronized boolean uses(java.nio.file.Path taskRoot) {
        for (ExecutionEnvironment environment : idle) {
            if (environment.config().taskRoot().equals(taskRoot)) {
                return true;
            }
        }
        for (ExecutionEnvironment environment : busy) {
            if (environment.config().taskRoot().equals(taskRoot)) {
                return true;
            }
        }
        return false;
    }

    private void prewarmLater() {
        try {
            background.execute(this::prewarm);
        } catch (RejectedExecutionException shuttingDown) {
            // the service is closing: nothing to warm
        }
    }

    private void prewarm() {
        while (true) {
            ExecutionEnvironment environment;
            synchronized (this) {
                if (closed || running() >= Math.min(minimumWarm, maximum)) {
                    return;
                }
                environment = factory.apply(currentConfig.get());
                busy.add(environment); // counted as busy while starting, but warming is not load: no peak
                warming++;
            }
            try {
                background.execute(() -> {
                    try {
                        environment.start();
                    } finally {
                        warmed(environment);
                    }
                });
            } catch (RejectedExecutionException shuttingDown) {
                warmed(environment);
                return;
            }
        }
    }

    private synchronized void warmed(ExecutionEnvironment environment) {
        warming--;
        release(environment);
    }

    private ExecutionEnvironment markBusy(ExecutionEnvironment environment) {
        busy.add(environment);
        peakBusy = Math.max(peakBusy, busy.size());
        return environment;
    }

    private void stopLater(Runnable stop) {
        try {
            background.execute(stop);
        } catch (RejectedExecutionException shuttingDown) {
            stop.run(); // the service is closing: stop it here
        }
    }

    /**
     * Stops an environment that is not wanted any more; one whose code was replaced (not only its configuration) makes
     * no class-data archive, since no environment of that code will start again.
     */
    private void stopOutdated(ExecutionEnvironment environment) {
        boolean codeReplaced = !environment.config().taskRoot().equals(currentConfig.get().taskRoot());
        stopLater(codeReplaced ? environment::stopReplaced : environment::stop);
    }
}
