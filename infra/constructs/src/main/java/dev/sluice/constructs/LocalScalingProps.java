package dev.sluice.constructs;

import dev.sluice.scaling.ScalingSetting;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Token;

/**
 * Settings of the local cloud's autoscaler for one {@link QueueFunction}. AWS ignores them: they
 * reach the template as metadata {@value QueueFunction#SCALING_METADATA_KEY} on the
 * {@code AWS::Lambda::EventSourceMapping}, where {@code sluice local up} reads them. The maximum is
 * the mapping's MaximumConcurrency ({@code maxConcurrency}), as on AWS.
 *
 * <p>Every prop is optional; an unset prop is left out of the metadata and the local cloud uses its
 * default. Keys and ranges are those of {@link ScalingSetting}, where each is declared once.
 */
public record LocalScalingProps(Number targetBacklogPerEnvironment, Number minimum, Number activationBacklog,
        Number maxStepUp, Number maxStepDown, Duration scaleDownStabilisation, Duration idleToZero, String profile,
        Number awsLocalCap) {

    public static Builder builder() {
        return PropsBuilder.of(Builder.class, LocalScalingProps.class);
    }

    void check(PropViolations violations, Number maxConcurrency) {
        between(violations, ScalingSetting.TARGET_BACKLOG_PER_ENVIRONMENT, targetBacklogPerEnvironment);
        between(violations, ScalingSetting.MINIMUM, minimum);
        between(violations, ScalingSetting.ACTIVATION_BACKLOG, activationBacklog);
        between(violations, ScalingSetting.MAX_STEP_UP, maxStepUp);
        between(violations, ScalingSetting.MAX_STEP_DOWN, maxStepDown);
        between(violations, ScalingSetting.AWS_LOCAL_CAP, awsLocalCap);
        if (profile != null && !Token.isUnresolved(profile) && ScalingSetting.PROFILE.check(profile) != null) {
            violations.add("localScaling." + ScalingSetting.PROFILE.check(profile));
        }
        ScalingSetting window = ScalingSetting.SCALE_DOWN_STABILISATION_SECONDS;
        violations.secondsBetween("localScaling.scaleDownStabilisation", scaleDownStabilisation, window.min(), window.max());
        ScalingSetting idle = ScalingSetting.IDLE_TO_ZERO_SECONDS;
        violations.secondsBetween("localScaling.idleToZero", idleToZero, idle.min(), idle.max());
        if (PropViolations.isKnown(minimum) && PropViolations.isKnown(maxConcurrency)
                && minimum.doubleValue() > maxConcurrency.doubleValue()) {
            violations.add("localScaling.minimum must not exceed maxConcurrency (given minimum "
                    + PropViolations.describe(minimum) + ", maxConcurrency " + PropViolations.describe(maxConcurrency)
                    + ")");
        }
    }

    private static void between(PropViolations violations, ScalingSetting setting, Number value) {
        violations.between("localScaling." + setting.key(), value, setting.min(), setting.max());
    }

    /** The metadata object: the props that are set, under the local cloud's keys. */
    Map<String, Object> toMetadata() {
        Map<String, Object> metadata = new LinkedHashMap<>();
        putIfSet(metadata, ScalingSetting.TARGET_BACKLOG_PER_ENVIRONMENT, targetBacklogPerEnvironment);
        putIfSet(metadata, ScalingSetting.MINIMUM, minimum);
        putIfSet(metadata, ScalingSetting.ACTIVATION_BACKLOG, activationBacklog);
        putIfSet(metadata, ScalingSetting.MAX_STEP_UP, maxStepUp);
        putIfSet(metadata, ScalingSetting.MAX_STEP_DOWN, maxStepDown);
        if (scaleDownStabilisation != null) {
            metadata.put(ScalingSetting.SCALE_DOWN_STABILISATION_SECONDS.key(), scaleDownStabilisation.toSeconds());
        }
        if (idleToZero != null) {
            metadata.put(ScalingSetting.IDLE_TO_ZERO_SECONDS.key(), idleToZero.toSeconds());
        }
        if (profile != null) {
            metadata.put(ScalingSetting.PROFILE.key(), profile);
        }
        putIfSet(metadata, ScalingSetting.AWS_LOCAL_CAP, awsLocalCap);
        return metadata;
    }

    private static void putIfSet(Map<String, Object> metadata, ScalingSetting setting, Number value) {
        if (value != null) {
            metadata.put(setting.key(), value);
        }
    }

    /** Builder of {@link LocalScalingProps}. */
    public interface Builder {
        /** Backlog one environment carries: 1-1,000,000 messages; local default 10 (one batch). */
        Builder targetBacklogPerEnvironment(Number targetBacklogPerEnvironment);

        /** Environments kept warm when idle: 0-1,000, at most maxConcurrency; local default 0. */
        Builder minimum(Number minimum);

        /** From zero, scale only when the backlog is above this: 0-1,000,000; local default 0. */
        Builder activationBacklog(Number activationBacklog);

        /** Most environments added per decision: 1-1,000; local default 10. */
        Builder maxStepUp(Number maxStepUp);

        /** Most environments removed per decision: 1-1,000; local default 2. */
        Builder maxStepDown(Number maxStepDown);

        /** Scale down to the highest desired count of this window: 0-3,600 s; local default 10 s. */
        Builder scaleDownStabilisation(Duration scaleDownStabilisation);

        /** Stop the last environment after the backlog is zero this long: 0-3,600 s; local default 30 s. */
        Builder idleToZero(Duration idleToZero);

        /**
         * Which rule sizes the mapping locally: {@code local} (the settings above; the default) or {@code aws}
         * (Lambda's documented scaling: standard mode, or provisioned mode with ProvisionedPollerConfig). A run's
         * {@code --scaling-profile FUNCTION:...} wins over it; it wins over the run's {@code --scaling-profile}.
         */
        Builder profile(String profile);

        /** Under the aws profile, most environments run locally: 1-1,000; local default 10. */
        Builder awsLocalCap(Number awsLocalCap);

        LocalScalingProps build();
    }
}
