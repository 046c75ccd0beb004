package dev.sluice.local.scaling;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Lambda's standard-mode scaling of an SQS event source mapping, as documented in "Configuring scaling behavior for
 * SQS event source mappings" (https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-scaling.html): "When
 * messages are available, Lambda starts processing five batches at a time with five concurrent invocations of your
 * function. If messages are still available, Lambda increases the number of processes that are reading batches by up
 * to 300 more instances per minute", up to the mapping's ceiling and its {@code ScalingConfig.MaximumConcurrency};
 * "When traffic is low, Lambda scales back the processing to five concurrent invokes".
 *
 * <p>Pure (no clock, no I/O): {@link #next} maps a state and a reading to the next state. The count is what AWS
 * would run; the autoscaler runs at most a local cap of it, since a laptop cannot start hundreds of JVMs. The same
 * rule with other {@link Limits} ({@link #step}) models provisioned mode ({@link AwsProvisionedMode}).
 *
 * <p>The +300 per minute is modelled as 5 per second with the fraction carried over, so a reading every 500 ms adds
 * 2 or 3 and a minute adds exactly 300: AWS does not document the step's granularity, only the rate. Nor does it
 * document how fast or when it scales back: modelled at once, at a reading with nothing waiting (docs/SCALING.md).
 */
public final class AwsRamp {

    /** Concurrent batches when messages first arrive, and what AWS scales back to when traffic is low. */
    public static final int START = 5;
    /** Most batches added per minute while messages are still available. */
    public static final int PER_MINUTE = 300;
    /**
     * Most batches one mapping processes at once. The cited page says 1,000 today; older versions of it said
     * 1,250, but MaximumConcurrency cannot exceed 1,000 either, so 1,000 is what a mapping can reach.
     */
    public static final int CEILING = 1000;

    private AwsRamp() {
    }

    /**
     * @param concurrency batches AWS would run now (0 when the queue is empty)
     * @param since       when growth was last accounted for (null at 0)
     * @param carry       the fraction of a batch earned but not yet added
     */
    public record State(int concurrency, Instant since, double carry) {
        public static final State IDLE = new State(0, null, 0);
    }

    /**
     * How a mode scales, in concurrent batches: it starts at {@code start} (also the floor it scales back to), adds
     * up to {@code perMinute} while messages are still available, and stops at {@code cap}.
     */
    public record Limits(int start, int cap, int perMinute) {
        public Limits {
            if (cap < 1 || start < 1 || start > cap || perMinute < 1) {
                throw new IllegalArgumentException("start, cap and rate must be positive, start at most cap (given "
                        + start + ", " + cap + ", " + perMinute + ")");
            }
        }

        /** Batches added per second. */
        public double perSecond() {
            return perMinute / 60.0;
        }
    }

    /** The mapping's ceiling: MaximumConcurrency (2-1,000) when set, else {@link #CEILING}. */
    public static int cap(Integer maximumConcurrency) {
        // At least 1: a mapping restored from older state may carry no valid value; the API refuses below 2.
        return maximumConcurrency == null ? CEILING : Math.max(1, Math.min(CEILING, maximumConcurrency));
    }

    /** Standard mode's limits: 5 (or MaximumConcurrency when lower), +300 per minute, up to {@link #cap}. */
    public static Limits standard(Integer maximumConcurrency) {
        int cap = cap(maximumConcurrency);
        return new Limits(Math.min(START, cap), cap, PER_MINUTE);
    }

    /** {@link #step} in standard mode. */
    public static State next(State state, long waiting, int batchesInFlight, Integer maximumConcurrency,
                             Instant now) {
        return step(standard(maximumConcurrency), state, waiting, batchesInFlight, now);
    }

    /**
     * The next state. An empty queue (nothing waiting, no batch in flight) scales to 0 invocations (the pollers AWS
     * keeps find nothing to invoke; the next messages start at {@code start} again); messages waiting start at
     * {@code start} and then grow at {@code perMinute}; batches in flight with nothing waiting is low traffic: AWS
     * adds nothing and scales back towards {@code start}, not below the batches still running.
     */
    public static State step(Limits limits, State state, long waiting, int batchesInFlight, Instant now) {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(now, "now");
        int cap = limits.cap();
        if (waiting <= 0 && batchesInFlight <= 0) {
            return State.IDLE;
        }
        if (state.concurrency() == 0 || state.since() == null) {
            return new State(limits.start(), now, 0);
        }
        if (waiting <= 0) {
            int scaledBack = Math.min(state.concurrency(), Math.max(limits.start(), batchesInFlight));
            return new State(Math.min(scaledBack, cap), now, 0);
        }
        double earned = state.carry() + seconds(Duration.between(state.since(), now)) * limits.perSecond();
        int added = (int) Math.floor(earned);
        long grown = (long) state.concurrency() + added;
        if (grown >= cap) {
            return new State(cap, now, 0);
        }
        return new State((int) grown, now, earned - added);
    }

    private static double seconds(Duration duration) {
        return Math.max(0, duration.toNanos() / 1e9);
    }
}
