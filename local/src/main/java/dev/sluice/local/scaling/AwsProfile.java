package dev.sluice.local.scaling;

import dev.sluice.local.lambda.eventsource.ProvisionedPollers;
import dev.sluice.local.scaling.ScalingDecision.Reason;
import java.time.Instant;
import java.util.Locale;

/**
 * A decision of the {@link ScalingProfile#AWS} profile: {@code desired} is the concurrency AWS would use
 * ({@link AwsRamp}, in standard or provisioned mode), {@code next} is what runs locally, min(desired, local cap).
 */
final class AwsProfile {

    private AwsProfile() {
    }

    /**
     * @param pollers            the mapping's ProvisionedPollerConfig, or null in standard mode
     * @param maximumConcurrency its ScalingConfig.MaximumConcurrency, or null
     */
    static ScalingDecision decide(AwsRamp.State before, AwsRamp.State after, long waiting, int batchesInFlight,
                                  ProvisionedPollers pollers, Integer maximumConcurrency, int current, int localCap,
                                  Instant now) {
        int aws = after.concurrency();
        AwsRamp.Limits limits = AwsProvisionedMode.limits(pollers, maximumConcurrency);
        Reason reason;
        if (aws == 0) {
            reason = Reason.AWS_QUEUE_EMPTY;
        } else if (before.concurrency() == 0) {
            reason = Reason.AWS_START;
        } else if (aws >= limits.cap()) {
            reason = Reason.AWS_AT_CAP;
        } else if (waiting <= 0) {
            reason = aws < before.concurrency() ? Reason.AWS_SCALE_BACK : Reason.AWS_HOLD;
        } else {
            reason = Reason.AWS_RAMP_UP;
        }
        int next = Math.min(aws, localCap);
        String mode = pollers == null
                ? String.format(Locale.ROOT, "%d, +%d/min, cap %d", limits.start(), limits.perMinute(), limits.cap())
                : String.format(Locale.ROOT, "provisioned: %d event pollers of %d-%d, %d invokes each, +%d/min,"
                        + " cap %d", aws == 0 ? pollers.minimumPollers() : AwsProvisionedMode.pollers(aws, pollers),
                        pollers.minimumPollers(), pollers.maximumPollers(), AwsProvisionedMode.INVOKES_PER_POLLER,
                        limits.perMinute(), limits.cap());
        String explanation = String.format(Locale.ROOT, "%d waiting, %d batches in flight: AWS would run %d"
                        + " concurrent batches (%s); running %d locally (local cap %d)",
                waiting, batchesInFlight, aws, mode, next, localCap);
        return new ScalingDecision(now, waiting, current, aws, next, reason, explanation);
    }
}
