package dev.sluice.infra.constructs;

import static dev.sluice.local.scaling.ScalingSettings.ACTIVATION_BACKLOG;
import static dev.sluice.local.scaling.ScalingSettings.IDLE_TO_ZERO_SECONDS;
import static dev.sluice.local.scaling.ScalingSettings.MAX_STEP_DOWN;
import static dev.sluice.local.scaling.ScalingSettings.MAX_STEP_UP;
import static dev.sluice.local.scaling.ScalingSettings.MINIMUM;
import static dev.sluice.local.scaling.ScalingSettings.SCALE_DOWN_STABILISATION_SECONDS;
import static dev.sluice.local.scaling.ScalingSettings.TARGET_BACKLOG_PER_ENVIRONMENT;

import dev.sluice.local.scaling.ScalingSettings;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awscdk.Duration;

/**
 * Settings of the local cloud's autoscaler for one {@link QueueFunction}. AWS ignores them: they
 * reach the template as metadata {@value QueueFunction#SCALING_METADATA_KEY} on the
 * {@code AWS::Lambda::EventSourceMapping}, where {@code sluice local up} reads them. The maximum is
 * the mapping's MaximumConcurrency ({@code maxConcurrency}), as on AWS.
 *
 * <p>Every prop is optional; an unset prop is left out of the metadata and the local cloud uses its
 * default. Keys and ranges are those of {@link ScalingSettings}, whose key constants this class uses.
 */
public final class LocalScalingProps {

    private final Number targetBacklogPerEnvironment;
    private final Number minimum;
    private final Number activationBacklog;
    private final Number maxStepUp;
    private final Number maxStepDown;
    private final Duration scaleDownStabilisation;
    private final Duration idleToZero;

    private LocalScalingProps(Builder b) {
        this.targetBacklogPerEnvironment = b.targetBacklogPerEnvironment;
        this.minimum = b.minimum;
        this.activationBacklog = b.activationBacklog;
        this.maxStepUp = b.maxStepUp;
        this.maxStepDown = b.maxStepDown;
        this.scaleDownStabilisation = b.scaleDownStabilisation;
        this.idleToZero = b.idleToZero;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Backlog one environment carries: 1-1,000,000 messages; local default 10 (one batch). */
    public Number getTargetBacklogPerEnvironment() {
        return targetBacklogPerEnvironment;
    }

    /** Environments kept warm when idle: 0-1,000, at most maxConcurrency; local default 0. */
    public Number getMinimum() {
        return minimum;
    }

    /** From zero, scale only when the backlog is above this: 0-1,000,000; local default 0. */
    public Number getActivationBacklog() {
        return activationBacklog;
    }

    /** Most environments added per decision: 1-1,000; local default 10. */
    public Number getMaxStepUp() {
        return maxStepUp;
    }

    /** Most environments removed per decision: 1-1,000; local default 2. */
    public Number getMaxStepDown() {
        return maxStepDown;
    }

    /** Scale down to the highest desired count of this window: 0-3,600 s; local default 10 s. */
    public Duration getScaleDownStabilisation() {
        return scaleDownStabilisation;
    }

    /** Stop the last environment after the backlog is zero this long: 0-3,600 s; local default 30 s. */
    public Duration getIdleToZero() {
        return idleToZero;
    }

    void check(PropViolations violations, Number maxConcurrency) {
        violations.between("localScaling." + TARGET_BACKLOG_PER_ENVIRONMENT, targetBacklogPerEnvironment, 1, 1_000_000);
        violations.between("localScaling." + MINIMUM, minimum, 0, 1000);
        violations.between("localScaling." + ACTIVATION_BACKLOG, activationBacklog, 0, 1_000_000);
        violations.between("localScaling." + MAX_STEP_UP, maxStepUp, 1, 1000);
        violations.between("localScaling." + MAX_STEP_DOWN, maxStepDown, 1, 1000);
        violations.secondsBetween("localScaling.scaleDownStabilisation", scaleDownStabilisation, 0, 3600);
        violations.secondsBetween("localScaling.idleToZero", idleToZero, 0, 3600);
        if (PropViolations.isKnown(minimum) && PropViolations.isKnown(maxConcurrency)
                && minimum.doubleValue() > maxConcurrency.doubleValue()) {
            violations.add("localScaling.minimum must not exceed maxConcurrency (given minimum "
                    + PropViolations.describe(minimum) + ", maxConcurrency " + PropViolations.describe(maxConcurrency)
                    + ")");
        }
    }

    /** The metadata object: the props that are set, under the local cloud's keys. */
    Map<String, Object> toMetadata() {
        Map<String, Object> metadata = new LinkedHashMap<>();
        putIfSet(metadata, TARGET_BACKLOG_PER_ENVIRONMENT, targetBacklogPerEnvironment);
        putIfSet(metadata, MINIMUM, minimum);
        putIfSet(metadata, ACTIVATION_BACKLOG, activationBacklog);
        putIfSet(metadata, MAX_STEP_UP, maxStepUp);
        putIfSet(metadata, MAX_STEP_DOWN, maxStepDown);
        if (scaleDownStabilisation != null) {
            metadata.put(SCALE_DOWN_STABILISATION_SECONDS, scaleDownStabilisation.toSeconds());
        }
        if (idleToZero != null) {
            metadata.put(IDLE_TO_ZERO_SECONDS, idleToZero.toSeconds());
        }
        return metadata;
    }

    private static void putIfSet(Map<String, Object> metadata, String key, Number value) {
        if (value != null) {
            metadata.put(key, value);
        }
    }

    /** Builder of {@link LocalScalingProps}. */
    public static final class Builder {
        private Number targetBacklogPerEnvironment;
        private Number minimum;
        private Number activationBacklog;
        private Number maxStepUp;
        private Number maxStepDown;
        private Duration scaleDownStabilisation;
        private Duration idleToZero;

        private Builder() {
        }

        public Builder targetBacklogPerEnvironment(Number value) {
            this.targetBacklogPerEnvironment = value;
            return this;
        }

        public Builder minimum(Number value) {
            this.minimum = value;
            return this;
        }

        public Builder activationBacklog(Number value) {
            this.activationBacklog = value;
            return this;
        }

        public Builder maxStepUp(Number value) {
            this.maxStepUp = value;
            return this;
        }

        public Builder maxStepDown(Number value) {
            this.maxStepDown = value;
            return this;
        }

        public Builder scaleDownStabilisation(Duration value) {
            this.scaleDownStabilisation = value;
            return this;
        }

        public Builder idleToZero(Duration value) {
            this.idleToZero = value;
            return this;
        }

        public LocalScalingProps build() {
            return new LocalScalingProps(this);
        }
    }
}
