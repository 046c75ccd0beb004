package dev.sluice.local.scaling;

import dev.sluice.local.scaling.ScalingDecision.Reason;
import java.time.Instant;
import java.util.Locale;

/**
 * A decision of the {@link ScalingProfile#AWS} profile: {@code desired} is the concurrency AWS would use
 * ({@link AwsRamp}), {@code next} is what runs locally, min(desired, local cap).
 */
final class AwsProfile {

    private AwsProfile() {
    }

    static ScalingDecision decide(AwsRamp.State before, AwsRamp.State after, long waiting, int batchesInFlight,
                                  Integer maximumConcurrency, int current, int localCap, Instant now) {
        int aws = after.concurrency();
        int cap = AwsRamp.cap(maximumConcurrency);
        Reason reason;
        if (aws == 0) {
            reason = Reason.AWS_QUEUE_EMPTY;
        } else if (before.concurrency() == 0) {
            reason = Reason.AWS_START;
        } else if (aws >= cap) {
            reason = Reason.AWS_AT_CAP;
        } else if (waiting <= 0) {
            reason = Reason.AWS_HOLD;
        } else {
            reason = Reason.AWS_RAMP_UP;
        }
        int next = Math.min(aws, localCap);
        String explanation = String.format(Locale.ROOT, "%d waiting, %d batches in flight: AWS would run %d"
                        + " concurrent batches (5, +300/min, cap %d); running %d locally (local cap %d)",
                waiting, batchesInFlight, aws, cap, next, localCap);
        return new ScalingDecision(now, waiting, current, aws, next, reason, explanation);
    }
}
