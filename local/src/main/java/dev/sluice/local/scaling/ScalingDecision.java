package dev.sluice.local.scaling;

import java.time.Instant;
import java.util.Objects;

/**
 * One decision of the autoscaler, with its inputs, for the log and for status.
 *
 * @param at when it was taken (the {@code now} given to the policy)
 * @param backlog the messages waiting for an environment (see {@link QueueBacklog#waiting}); batches in flight
 *     are in the explanation
 * @param current environments running when it was taken
 * @param desired batches in flight + ceil(backlog / target backlog per environment), clamped to [minimum,
 *     maximum]
 * @param next environments to run now: {@code desired}, bounded by the steps up and down, the stabilisation
 *     window and the idle period
 * @param reason why {@code next} is what it is
 * @param explanation the same in words, with the numbers that led to it
 */
public record ScalingDecision(Instant at, long backlog, int current, int desired, int next, Reason reason,
        String explanation) {

    /** Why a decision came out as it did. */
    public enum Reason {
        /** From zero: the backlog passed the activation threshold. */
        ACTIVATE,
        /** At zero, the backlog is not above the activation threshold. */
        BELOW_ACTIVATION,
        /** Up to the pre-warmed minimum. */
        PRE_WARM,
        /** Up to the desired count at once. */
        SCALE_UP,
        /** Up, but by no more than maxStepUp: the desired count is further up. */
        SCALE_UP_CAPPED_BY_STEP,
        /** The backlog asks for more than the maximum (or more were running): held at the maximum. */
        CAPPED_BY_MAXIMUM,
        /** The desired count equals the current one. */
        STEADY,
        /** Fewer are desired, but not for the whole stabilisation window yet. */
        HOLD_STABILISING,
        /** Down to the highest desired count of the stabilisation window. */
        SCALE_DOWN,
        /** Down, but by no more than maxStepDown: the stabilised count is further down. */
        SCALE_DOWN_CAPPED_BY_STEP,
        /** The last environment waits for the backlog to stay zero for the idle period. */
        HOLD_UNTIL_IDLE,
        /** Down to zero after the idle period. */
        IDLE_TO_ZERO,
        /** At the minimum with nothing more wanted. */
        AT_MINIMUM,
        /** AWS profile: messages arrived, AWS starts 5 concurrent batches (provisioned: MinimumPollers x 10). */
        AWS_START,
        /** AWS profile: messages still available, AWS adds up to 300 batches per minute (provisioned: 1,000). */
        AWS_RAMP_UP,
        /** AWS profile: at the mapping's ceiling (MaximumConcurrency, else 1,000; provisioned: MaximumPollers x 10). */
        AWS_AT_CAP,
        /** AWS profile: batches in flight, nothing waiting: AWS adds none. */
        AWS_HOLD,
        /** AWS profile: nothing waiting (low traffic): AWS scales back towards 5, not below the batches in flight. */
        AWS_SCALE_BACK,
        /** AWS profile: the queue is empty, AWS scales the mapping down. */
        AWS_QUEUE_EMPTY
    }

    public ScalingDecision {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(explanation, "explanation");
    }

    /** Whether the decision changes the number of environments. */
    public boolean changes() {
        return next != current;
    }

    @Override
    public String toString() {
        return reason + " " + current + " -> " + next + " (backlog " + backlog + ", desired " + desired + "): "
                + explanation;
    }
}
