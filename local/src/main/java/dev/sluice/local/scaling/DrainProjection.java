package dev.sluice.local.scaling;

/**
 * How long a backlog would take to drain on AWS: the mapping's concurrency follows {@link AwsRamp} (from {@code c0}
 * up by r = 300/60 = 5 batches per second to the cap C), and each batch of {@code b} messages takes {@code d}
 * seconds (measured locally). With no new arrivals, the messages drained by time t while ramping are
 * {@code (b/d)(c0 t + r t^2 / 2)}; the ramp reaches C at {@code tc = (C - c0) / r}. So:
 *
 * <pre>
 * B <= M(tc):  t = (sqrt(c0^2 + 2 r B d / b) - c0) / r
 * otherwise:   t = tc + (B - M(tc)) d / (C b)
 * </pre>
 *
 * Pure; docs/SCALING.md explains the assumptions (full batches, no arrivals, continuous ramp).
 */
public final class DrainProjection {

    private static final double RATE = AwsRamp.PER_MINUTE / 60.0;

    private DrainProjection() {
    }

    /**
     * @param backlog          messages to drain (waiting + in flight)
     * @param batchSize        messages per batch (the mapping's BatchSize)
     * @param secondsPerBatch  mean duration of a batch, measured locally
     * @param concurrency      batches AWS runs now (0: it would start at {@link AwsRamp#START})
     * @param cap              the mapping's ceiling ({@link AwsRamp#cap})
     * @return seconds to drain; 0 for no backlog
     */
    public static double seconds(long backlog, int batchSize, double secondsPerBatch, int concurrency, int cap) {
        if (backlog <= 0) {
            return 0;
        }
        if (batchSize < 1 || cap < 1 || !(secondsPerBatch > 0)) {
            throw new IllegalArgumentException("batch size, cap and seconds per batch must be positive (given "
                    + batchSize + ", " + cap + ", " + secondsPerBatch + ")");
        }
        double c0 = Math.min(cap, concurrency > 0 ? concurrency : AwsRamp.START);
        double perBatchSecond = batchSize / secondsPerBatch; // messages per second per concurrent batch
        double toCap = (cap - c0) / RATE;
        double drainedWhileRamping = perBatchSecond * (c0 * toCap + RATE * toCap * toCap / 2);
        if (backlog <= drainedWhileRamping) {
            return (Math.sqrt(c0 * c0 + 2 * RATE * backlog / perBatchSecond) - c0) / RATE;
        }
        return toCap + (backlog - drainedWhileRamping) / (cap * perBatchSecond);
    }
}
