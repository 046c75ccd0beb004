package dev.sluice.local.scaling;

/**
 * How long a backlog would take to drain on AWS: the mapping's concurrency follows {@link AwsRamp} with the mapping's
 * {@link AwsRamp.Limits} (from {@code c0} up by r batches per second to the cap C: r = 300/60 in standard mode,
 * 1,000/60 in provisioned mode), and each batch of {@code b} messages takes {@code d} seconds (measured locally). With
 * no new arrivals, the messages drained by time t while ramping are {@code (b/d)(c0 t + r t^2 / 2)}; the ramp reaches
 * C at {@code tc = (C - c0) / r}. So:
 *
 * <pre>
 * B <= M(tc):  t = (sqrt(c0^2 + 2 r B d / b) - c0) / r
 * otherwise:   t = tc + (B - M(tc)) d / (C b)
 * </pre>
 *
 * Pure; docs/SCALING.md explains the assumptions (full batches, no arrivals, continuous ramp).
 */
public final class DrainProjection {

    private DrainProjection() {
    }

    /** {@link #seconds(long, int, double, int, AwsRamp.Limits)} in standard mode with this cap. */
    public static double seconds(long backlog, int batchSize, double secondsPerBatch, int concurrency, int cap) {
        if (cap < 1) {
            throw notPositive(batchSize, cap, secondsPerBatch);
        }
        return seconds(backlog, batchSize, secondsPerBatch, concurrency,
                new AwsRamp.Limits(Math.min(AwsRamp.START, cap), cap, AwsRamp.PER_MINUTE));
    }

    /**
     * @param backlog          messages to drain (waiting + in flight)
     * @param batchSize        messages per batch (the mapping's BatchSize)
     * @param secondsPerBatch  mean duration of a batch, measured locally
     * @param concurrency      batches AWS runs now (0: it would start at the limits' start)
     * @param limits           the mapping's mode ({@link AwsRamp#standard}, {@link AwsProvisionedMode#limits})
     * @return seconds to drain; 0 for no backlog
     */
    public static double seconds(long backlog, int batchSize, double secondsPerBatch, int concurrency,
                                 AwsRamp.Limits limits) {
        if (backlog <= 0) {
            return 0;
        }
        if (batchSize < 1 || !(secondsPerBatch > 0)) {
            throw notPositive(batchSize, limits.cap(), secondsPerBatch);
        }
        int cap = limits.cap();
        double rate = limits.perSecond();
        double c0 = Math.min(cap, concurrency > 0 ? concurrency : limits.start());
        double perBatchSecond = batchSize / secondsPerBatch; // messages per second per concurrent batch
        double toCap = (cap - c0) / rate;
        double drainedWhileRamping = perBatchSecond * (c0 * toCap + rate * toCap * toCap / 2);
        if (backlog <= drainedWhileRamping) {
            return (Math.sqrt(c0 * c0 + 2 * rate * backlog / perBatchSecond) - c0) / rate;
        }
        return toCap + (backlog - drainedWhileRamping) / (cap * perBatchSecond);
    }

    private static IllegalArgumentException notPositive(int batchSize, int cap, double secondsPerBatch) {
        return new IllegalArgumentException("batch size, cap and seconds per batch must be positive (given "
                + batchSize + ", " + cap + ", " + secondsPerBatch + ")");
    }
}
