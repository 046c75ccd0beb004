package dev.sluice.local.scaling;

import java.util.Objects;

/** What {@link ScalingPolicy#decide} returns: the decision, and the state to pass to the next call. */
public record ScalingOutcome(ScalingDecision decision, ScalingState state) {

    public ScalingOutcome {
        Objects.requireNonNull(decision, "decision");
        Objects.requireNonNull(state, "state");
    }
}
