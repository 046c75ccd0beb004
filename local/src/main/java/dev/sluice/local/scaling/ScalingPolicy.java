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
 *   <li>desired = batches in flight + ceil(waiting / targetBacklogPerEnvironment), clamped to [minimum,
 *       maximum]: AWS's backlog-per-instance target tracking and KEDA's SQS scaler for the messages that wait,
 *       and one environment per batch being processed (as Lambda counts concurrency). In-flight work is counted
 *       in batches, not messages: batches are often partly filled (a poller takes what is there), so in-flight
 *       messages / target under-counts the busy environments and invites a scale-down while the load stands.
 *   <li>Up at once, by at most {@code maxStepUp} per decision (the pre-warmed minimum is never held
 *       back by the step). From zero only when the backlog is above {@code activationBacklog}.
 *   <li>Down to the highest desired count of the last {@code scaleDownStabilisation} (the HPA's
 *       scale-down stabilisation), only once the policy has watched for a whole window, and by at most
 *       {@code maxStepDown} per decision (the HPA's scale-down policies).
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
        return unclamped(backlog, 0);
    }

    /** Batches in flight + ceil(waiting / target), before clamping; saturates instead of overflowing. */
    public long unclamped(long waiting, int working) {
        requireBacklog(waiting);
        requireWorking(working);
        long target = settings.targetBacklogPerEnvironment();
        long forWaiting = waiting / target + (waiting % target == 0 ? 0 : 1);
        return forWaiting > Long.MAX_VALUE - working ? Long.MAX_VALUE : forWaiting + working;
    }

    /** ceil(backlog / target), clamped to [minimum, maximum]. */
    public int desired(long backlog) {
        return desired(backlog, 0);
    }

    /** Batches in flight + ceil(waiting / target), clamped to [minimum, maximum]. */
    public int desired(long waiting, int working) {
        long unclamped = unclamped(waiting, working);
        return (int) Math.max(settings.minimum(), Math.min(settings.maximum(), unclamped));
    }

    /** {@link #decide(ScalingState, long, int, int, Instant)} with no batch in flight: all the backlog waits. */
    public ScalingOutcome decide(ScalingState state, long backlog, int current, Instant now) {
        return decide(state, backlog, 0, current, now);
    }

    /**
     * Decides how many environments to run now.
     *
     * @param state what the previous call returned, or {@link ScalingState#initial()}
     * @param backlog messages waiting for an environment (visible, and delayed ones if counted), at least 0
     * @param working batches being processed now (each holds one environment), at least 0
     * @param current environments running now, at least 0
     * @param now the time of this decision; never before the previous one
     */
    public ScalingOutcome decide(ScalingState state, long backlog, int working, int current, Instant now) {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(now, "now");
        requireBacklog(backlog);
        requireWorking(working);
        if (current < 0) {
            throw new IllegalArgumentException("current must be at least 0 (given " + current + ")");
        }
        Instant last = state.lastDecisionAt();
        if (last != null && now.isBefore(last)) {
            throw new IllegalArgumentException("now must not be before the previous decision (given " + now
                    + ", previous " + last + ")");
        }

        long unclamped = unclamped(backlog, working);
        int desired = desired(backlog, working);
        Duration window = settings.scaleDownStabilisation();
        Instant observingSince = state.observingSince().orElse(now);
        Instant idleSince = backlog == 0 && working == 0 ? state.idleSince().orElse(now) : null;
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

        Choice choice = choose(backlog, working, current, unclamped, desired, stabilised, now, observingSince,
                idleSince);
        String wanted = working == 0 ? " = " + unclamped
                : " + " + working + (working == 1 ? " batch" : " batches") + " in flight = " + unclamped;
        ScalingDecision decision = new ScalingDecision(now, backlog, current, desired, choice.next, choice.reason,
                "backlog " + backlog + " / target " + settings.targetBacklogPerEnvironment() + wanted
                        + " wanted, desired " + desired + " in [" + settings.minimum() + ", " + settings.maximum()
                        + "]; " + choice.why);
        return new ScalingOutcome(decision, nextState);
    }

    private record Choice(int next, Reason reason, String why) {
    }

    private Choice choose(long backlog, int working, int current, long unclamped, int desired, int stabilised, Instant now,
            Instant observingSince, Instant idleSince) {
        int minimum = settings.minimum();
        int maximum = settings.maximum();
        if (current > maximum) {
            return new Choice(maximum, Reason.CAPPED_BY_MAXIMUM, current + " running is above the maximum " + maximum);
        }
        if (current == 0 && minimum == 0) {
            if (backlog > settings.activationBacklog() || working > 0) {
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
        String why = "highest desired in the last " + ScalingSettings.seconds(window) + " s is " + stabilised;
        int stepped = Math.max(next, current - settings.maxStepDown());
        if (stepped > next) {
            return new Choice(stepped, Reason.SCALE_DOWN_CAPPED_BY_STEP, why + ", remove " + (current - stepped)
                    + ", capped by maxStepDown " + settings.maxStepDown());
        }
        return new Choice(next, Reason.SCALE_DOWN, why + ", remove " + (current - next));
    }

    /** Up by at most maxStepUp, except that the pre-warmed minimum is reached at once. */
    private int stepUp(int current, int desired) {
        long stepped = Math.max((long) current + settings.maxStepUp(), settings.minimum());
        return (int) Math.min(desired, stepped);
    }

    private static void requireWorking(int working) {
        if (working < 0) {
            throw new IllegalArgumentException("working must be at least 0 (given " + working + ")");
        }
    }

    private static void requireBacklog(long backlog) {
        if (backlog < 0) {
            throw new IllegalArgumentException("backlog must be at least 0 (given " + backlog + ")");
        }
    }
}
