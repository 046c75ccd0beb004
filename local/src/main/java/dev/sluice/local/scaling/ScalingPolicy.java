package dev.sluice.local.scaling;

import dev.sluice.local.scaling.ScalingDecision.Reason;
import dev.sluice.local.scaling.ScalingState.Sample;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The local autoscaler's math: how many execution environments one event source mapping should run.
 * Pure: time and the previous {@link ScalingState} come in, a {@link ScalingDecision} and the next
 * state go out; nothing here reads a clock or a queue.
 *
 * <ul>
 *   <li>desired = ceil(backlog / targetBacklogPerEnvironment), clamped to [minimum, maximum]: AWS's
 *       backlog-per-instance target tracking and KEDA's SQS scaler, computed directly.
 *   <li>Up at once, by at most {@code maxStepUp} per decision (the pre-warmed minimum is never held
 *       back by the step). From zero only when the backlog is above {@code activationBacklog}.
 *   <li>Down to the highest desired count of the last {@code scaleDownStabilisation} (the HPA's
 *       scale-down stabilisation), and only once the policy has watched for a whole window.
 *   <li>The last environment stops only after the backlog has been zero for {@code idleToZero}.
 * </ul>
 */
public final class ScalingPolicy {

    private final ScalingSettings settings;

    public ScalingPolicy(ScalingSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    public ScalingSettings settings() {
        return settings;
    }

    /** ceil(backlog / target) before clamping; saturates instead of overflowing. */
    public long unclamped(long backlog) {
        requireBacklog(backlog);
        long target = settings.targetBacklogPerEnvironment();
        return backlog / target + (backlog % target == 0 ? 0 : 1);
    }

    /** ceil(backlog / target), clamped to [minimum, maximum]. */
    public int desired(long backlog) {
        long unclamped = unclamped(backlog);
        return (int) Math.max(settings.minimum(), Math.min(settings.maximum(), unclamped));
    }

    /**
     * Decides how many environments to run now.
     *
     * @param state what the previous call returned, or {@link ScalingState#initial()}
     * @param backlog the queue's backlog, at least 0
     * @param current environments running now, at least 0
     * @param now the time of this decision; never before the previous one
     */
    public ScalingOutcome decide(ScalingState state, long backlog, int current, Instant now) {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(now, "now");
        requireBacklog(backlog);
        if (current < 0) {
            throw new IllegalArgumentException("current must be at least 0 (given " + current + ")");
        }
        Instant last = state.lastDecisionAt();
        if (last != null && now.isBefore(last)) {
            throw new IllegalArgumentException("now must not be before the previous decision (given " + now
                    + ", previous " + last + ")");
        }

        long unclamped = unclamped(backlog);
        int desired = desired(backlog);
        Duration window = settings.scaleDownStabilisation();
        Instant observingSince = state.observingSince().orElse(now);
        Instant idleSince = backlog == 0 ? state.idleSince().orElse(now) : null;
        Instant cutoff = now.minus(window);
        List<Sample> recent = new ArrayList<>();
        for (Sample sample : state.recent()) {
            if (sample.at().isAfter(cutoff)) {
                recent.add(sample);
            }
        }
        recent.add(new Sample(now, desired));
        ScalingState nextState = new ScalingState(observingSince, idleSince, recent);
        int stabilised = nextState.highestRecentDesired();

        Choice choice = choose(backlog, current, unclamped, desired, stabilised, now, observingSince, idleSince);
        ScalingDecision decision = new ScalingDecision(now, backlog, current, desired, choice.next, choice.reason,
                "backlog " + backlog + " / target " + settings.targetBacklogPerEnvironment() + " = " + unclamped
                        + " wanted, desired " + desired + " in [" + settings.minimum() + ", " + settings.maximum()
                        + "]; " + choice.why);
        return new ScalingOutcome(decision, nextState);
    }

    private record Choice(int next, Reason reason, String why) {
    }

    private Choice choose(long backlog, int current, long unclamped, int desired, int stabilised, Instant now,
            Instant observingSince, Instant idleSince) {
        int minimum = settings.minimum();
        int maximum = settings.maximum();
        if (current > maximum) {
            return new Choice(maximum, Reason.CAPPED_BY_MAXIMUM, current + " running is above the maximum " + maximum);
        }
        if (current == 0 && minimum == 0) {
            if (backlog > settings.activationBacklog()) {
                int next = stepUp(current, desired);
                return new Choice(next, Reason.ACTIVATE, "backlog above the activation threshold "
                        + settings.activationBacklog() + ", start " + next
                        + (next < desired ? " (capped by maxStepUp " + settings.maxStepUp() + ")" : ""));
            }
            return backlog > 0
                    ? new Choice(0, Reason.BELOW_ACTIVATION, "backlog not above the activation threshold "
                            + settings.activationBacklog())
                    : new Choice(0, Reason.AT_MINIMUM, "idle at the minimum 0");
        }
        if (desired > current) {
            int next = stepUp(current, desired);
            if (current < minimum && next == minimum && desired == minimum) {
                return new Choice(next, Reason.PRE_WARM, "start the pre-warmed minimum of " + minimum);
            }
            if (next < desired) {
                return new Choice(next, Reason.SCALE_UP_CAPPED_BY_STEP, "add " + (next - current)
                        + ", capped by maxStepUp " + settings.maxStepUp());
            }
            if (unclamped > maximum) {
                return new Choice(next, Reason.CAPPED_BY_MAXIMUM, "add " + (next - current) + " up to the maximum "
                        + maximum);
            }
            return new Choice(next, Reason.SCALE_UP, "add " + (next - current));
        }
        if (desired == current) {
            if (unclamped > maximum) {
                return new Choice(current, Reason.CAPPED_BY_MAXIMUM, "held at the maximum " + maximum);
            }
            if (current == minimum) {
                return new Choice(current, Reason.AT_MINIMUM, "at the minimum " + minimum);
            }
            return new Choice(current, Reason.STEADY, "as many as desired");
        }
        // Fewer are desired than run.
        Duration idleToZero = settings.idleToZero();
        if (minimum == 0 && idleSince != null && !now.isBefore(idleSince.plus(idleToZero))) {
            return new Choice(0, Reason.IDLE_TO_ZERO, "backlog zero since " + idleSince + ", idleToZero "
                    + ScalingSettings.seconds(idleToZero) + " s passed");
        }
        Duration window = settings.scaleDownStabilisation();
        if (now.isBefore(observingSince.plus(window))) {
            return new Choice(current, Reason.HOLD_STABILISING, "watched "
                    + ScalingSettings.seconds(Duration.between(observingSince, now)) + " s of the "
                    + ScalingSettings.seconds(window) + " s stabilisation window");
        }
        if (stabilised >= current) {
            return new Choice(current, Reason.HOLD_STABILISING, "highest desired in the last "
                    + ScalingSettings.seconds(window) + " s is " + stabilised);
        }
        // Without a minimum, the last environment stays until the idle period has passed.
        int next = Math.max(stabilised, 1);
        if (next >= current) {
            String idle = idleSince == null ? "backlog is not zero"
                    : "backlog zero for " + ScalingSettings.seconds(Duration.between(idleSince, now)) + " s of "
                            + ScalingSettings.seconds(idleToZero) + " s";
            return new Choice(current, Reason.HOLD_UNTIL_IDLE, idle);
        }
        return new Choice(next, Reason.SCALE_DOWN, "highest desired in the last " + ScalingSettings.seconds(window)
                + " s is " + stabilised + ", remove " + (current - next));
    }

    /** Up by at most maxStepUp, except that the pre-warmed minimum is reached at once. */
    private int stepUp(int current, int desired) {
        long stepped = Math.max((long) current + settings.maxStepUp(), settings.minimum());
        return (int) Math.min(desired, stepped);
    }

    private static void requireBacklog(long backlog) {
        if (backlog < 0) {
            throw new IllegalArgumentException("backlog must be at least 0 (given " + backlog + ")");
        }
    }
}
