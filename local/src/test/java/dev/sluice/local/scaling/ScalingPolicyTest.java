package dev.sluice.local.scaling;

import static dev.sluice.local.scaling.ScalingDecision.Reason.ACTIVATE;
import static dev.sluice.local.scaling.ScalingDecision.Reason.AT_MINIMUM;
import static dev.sluice.local.scaling.ScalingDecision.Reason.BELOW_ACTIVATION;
import static dev.sluice.local.scaling.ScalingDecision.Reason.CAPPED_BY_MAXIMUM;
import static dev.sluice.local.scaling.ScalingDecision.Reason.HOLD_STABILISING;
import static dev.sluice.local.scaling.ScalingDecision.Reason.HOLD_UNTIL_IDLE;
import static dev.sluice.local.scaling.ScalingDecision.Reason.IDLE_TO_ZERO;
import static dev.sluice.local.scaling.ScalingDecision.Reason.PRE_WARM;
import static dev.sluice.local.scaling.ScalingDecision.Reason.SCALE_DOWN;
import static dev.sluice.local.scaling.ScalingDecision.Reason.SCALE_DOWN_CAPPED_BY_STEP;
import static dev.sluice.local.scaling.ScalingDecision.Reason.SCALE_UP;
import static dev.sluice.local.scaling.ScalingDecision.Reason.SCALE_UP_CAPPED_BY_STEP;
import static dev.sluice.local.scaling.ScalingDecision.Reason.STEADY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.local.scaling.ScalingDecision.Reason;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The scaling math, table-driven. Defaults unless a case says otherwise: target 10 per environment,
 * minimum 0, maximum 5, activation 0, maxStepUp 10, maxStepDown 2, stabilisation 10 s, idle to zero 30 s.
 * Backlog means waiting messages; "working" is the batches in flight (0 unless a case gives it).
 */
class ScalingPolicyTest {

    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

    private static ScalingPolicy policy(UnaryOperator<ScalingSettings.Builder> settings) {
        return new ScalingPolicy(settings.apply(ScalingSettings.builder()).build());
    }

    private static UnaryOperator<ScalingSettings.Builder> defaults() {
        return b -> b;
    }

    /** The step down out of the way, for cases about the window. */
    private static UnaryOperator<ScalingSettings.Builder> anyStepDown() {
        return b -> b.maxStepDown(1000);
    }

    // ---- one decision from a fresh state ----

    static Stream<Arguments> firstDecisions() {
        return Stream.of(
                first("backlog 0 at 0 stays at 0", defaults(), 0, 0, 0, 0, AT_MINIMUM),
                first("backlog 1 activates one", defaults(), 1, 0, 1, 1, ACTIVATE),
                first("exactly the target is one environment", defaults(), 10, 1, 1, 1, STEADY),
                first("target + 1 is two environments", defaults(), 11, 1, 2, 2, SCALE_UP),
                first("exactly the maximum's backlog", defaults(), 50, 2, 5, 5, SCALE_UP),
                first("above the maximum is capped", defaults(), 51, 2, 5, 5, CAPPED_BY_MAXIMUM),
                first("far above the maximum held there", defaults(), 1_000_000, 5, 5, 5, CAPPED_BY_MAXIMUM),
                first("activation from 0 jumps to desired", defaults(), 40, 0, 4, 4, ACTIVATE),
                first("activation above the maximum", defaults(), 5000, 0, 5, 5, ACTIVATE),
                first("no overflow on a huge backlog", defaults(), Long.MAX_VALUE, 1, 5, 5, CAPPED_BY_MAXIMUM),
                first("step caps the scale up", b -> b.maximum(100), 1000, 3, 100, 13, SCALE_UP_CAPPED_BY_STEP),
                first("step caps the activation", b -> b.maximum(100), 1000, 0, 100, 10, ACTIVATE),
                first("step exactly reaching desired", b -> b.maximum(100), 130, 3, 13, 13, SCALE_UP),
                first("backlog at the activation threshold stays 0", b -> b.activationBacklog(5), 5, 0, 1, 0,
                        BELOW_ACTIVATION),
                first("backlog above the activation threshold", b -> b.activationBacklog(5), 6, 0, 1, 1, ACTIVATE),
                first("activation only applies from zero", b -> b.activationBacklog(5), 3, 1, 1, 1, STEADY),
                first("pre-warms the minimum", b -> b.minimum(2), 0, 0, 2, 2, PRE_WARM),
                first("pre-warm is not held back by the step", b -> b.minimum(20).maximum(30).maxStepUp(10), 0, 0,
                        20, 20, PRE_WARM),
                first("steady at the minimum", b -> b.minimum(2), 0, 2, 2, 2, AT_MINIMUM),
                first("backlog above the minimum's share", b -> b.minimum(2), 35, 0, 4, 4, SCALE_UP),
                first("more running than the maximum", defaults(), 100, 8, 5, 5, CAPPED_BY_MAXIMUM),
                first("no scale down before a whole window", defaults(), 0, 5, 0, 5, HOLD_STABILISING),
                first("no window: straight down to one", b -> b.scaleDownStabilisation(Duration.ZERO), 0, 3, 0, 1,
                        SCALE_DOWN),
                first("no window, no idle period: straight to zero",
                        b -> b.scaleDownStabilisation(Duration.ZERO).idleToZero(Duration.ZERO), 0, 3, 0, 0,
                        IDLE_TO_ZERO),
                first("larger target", b -> b.targetBacklogPerEnvironment(100).maximum(20), 1001, 1, 11, 11,
                        SCALE_UP),
                // Batches in flight: one environment each, however full.
                working("batches in flight, nothing waiting", defaults(), 0, 3, 3, 3, 3, STEADY),
                working("15 partly filled batches keep 15 environments", b -> b.maximum(20), 0, 15, 15, 15, 15,
                        STEADY),
                working("waiting messages on top of the batches", b -> b.maximum(20), 21, 2, 2, 5, 5, SCALE_UP),
                working("exactly one target waiting on top", b -> b.maximum(20), 10, 2, 2, 3, 3, SCALE_UP),
                working("batches above the maximum are capped", defaults(), 0, 7, 5, 5, 5, CAPPED_BY_MAXIMUM),
                working("a batch in flight at zero activates", b -> b.activationBacklog(5), 0, 1, 0, 1, 1, ACTIVATE),
                working("fewer batches than running: held by the window", defaults(), 0, 2, 5, 2, 5,
                        HOLD_STABILISING),
                working("no window: down to the batches, by the step", b -> b.scaleDownStabilisation(Duration.ZERO)
                        .maximum(20), 0, 9, 15, 9, 13, SCALE_DOWN_CAPPED_BY_STEP),
                working("no window: a step exactly reaching the batches", b -> b.scaleDownStabilisation(Duration.ZERO)
                        .maximum(20), 0, 13, 15, 13, 13, SCALE_DOWN),
                working("no window, step 1", b -> b.scaleDownStabilisation(Duration.ZERO).maxStepDown(1), 0, 1, 5, 1, 4,
                        SCALE_DOWN_CAPPED_BY_STEP),
                working("no window, no step limit", b -> b.scaleDownStabilisation(Duration.ZERO).maxStepDown(1000)
                        .maximum(20), 0, 1, 20, 1, 1, SCALE_DOWN));
    }

    private static Arguments first(String name, UnaryOperator<ScalingSettings.Builder> settings, long backlog,
            int current, int desired, int next, Reason reason) {
        return Arguments.of(name, settings, backlog, 0, current, desired, next, reason);
    }

    private static Arguments working(String name, UnaryOperator<ScalingSettings.Builder> settings, long backlog,
            int working, int current, int desired, int next, Reason reason) {
        return Arguments.of(name, settings, backlog, working, current, desired, next, reason);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("firstDecisions")
    void firstDecision(String name, UnaryOperator<ScalingSettings.Builder> settings, long backlog, int working,
            int current, int desired, int next, Reason reason) {
        ScalingDecision decision = policy(settings).decide(ScalingState.initial(), backlog, working, current, T0)
                .decision();

        assertThat(decision.reason()).isEqualTo(reason);
        assertThat(decision.next()).isEqualTo(next);
        assertThat(decision.desired()).isEqualTo(desired);
        assertThat(decision.backlog()).isEqualTo(backlog);
        assertThat(decision.current()).isEqualTo(current);
        assertThat(decision.at()).isEqualTo(T0);
    }

    // ---- sequences: each step applies the previous decision ----

    /** One observation at T0 + millis, and what the policy should answer. */
    record Step(long millis, long backlog, int working, int next, Reason reason) {
        @Override
        public String toString() {
            return "t=" + millis + "ms backlog " + backlog + " working " + working;
        }
    }

    private static Step at(long millis, long backlog, int next, Reason reason) {
        return new Step(millis, backlog, 0, next, reason);
    }

    private static Step at(long millis, long backlog, int working, int next, Reason reason) {
        return new Step(millis, backlog, working, next, reason);
    }

    static Stream<Arguments> scenarios() {
        return Stream.of(
                scenario("stabilisation holds, then releases at the exact boundary", anyStepDown(), List.of(
                        at(0, 50, 5, ACTIVATE),
                        at(1_000, 20, 5, HOLD_STABILISING),
                        at(9_999, 20, 5, HOLD_STABILISING),
                        at(10_000, 20, 2, SCALE_DOWN))),
                scenario("scale down goes to the highest desired of the window", anyStepDown(), List.of(
                        at(0, 50, 5, ACTIVATE),
                        at(4_000, 40, 5, HOLD_STABILISING),
                        at(8_000, 10, 5, HOLD_STABILISING),
                        at(10_000, 10, 4, SCALE_DOWN),
                        at(13_999, 10, 4, HOLD_STABILISING),
                        at(14_000, 10, 1, SCALE_DOWN))),
                scenario("a backlog inside the window restarts it (no flapping)", anyStepDown(), List.of(
                        at(0, 50, 5, ACTIVATE),
                        at(5_000, 0, 5, HOLD_STABILISING),
                        at(9_000, 50, 5, STEADY),
                        at(10_000, 0, 5, HOLD_STABILISING),
                        at(18_999, 0, 5, HOLD_STABILISING),
                        at(19_000, 0, 1, SCALE_DOWN))),
                scenario("scale up is never delayed by the window", defaults(), List.of(
                        at(0, 10, 1, ACTIVATE),
                        at(500, 30, 3, SCALE_UP),
                        at(1_000, 31, 4, SCALE_UP))),
                scenario("idle to zero after the idle period", defaults(), List.of(
                        at(0, 10, 1, ACTIVATE),
                        at(1_000, 0, 1, HOLD_STABILISING),
                        at(10_000, 0, 1, HOLD_UNTIL_IDLE),
                        at(30_999, 0, 1, HOLD_UNTIL_IDLE),
                        at(31_000, 0, 0, IDLE_TO_ZERO),
                        at(32_000, 0, 0, AT_MINIMUM))),
                scenario("many down to one by the step, then to zero", defaults(), List.of(
                        at(0, 50, 5, ACTIVATE),
                        at(1_000, 0, 5, HOLD_STABILISING),
                        at(10_000, 0, 3, SCALE_DOWN_CAPPED_BY_STEP),
                        at(10_500, 0, 1, SCALE_DOWN),
                        at(31_000, 0, 0, IDLE_TO_ZERO))),
                scenario("the step down bounds every decision", b -> b.maximum(20).maxStepUp(20), List.of(
                        at(0, 200, 20, ACTIVATE),
                        at(1_000, 0, 20, HOLD_STABILISING),
                        at(10_000, 0, 18, SCALE_DOWN_CAPPED_BY_STEP),
                        at(10_500, 0, 16, SCALE_DOWN_CAPPED_BY_STEP),
                        at(11_000, 300, 20, CAPPED_BY_MAXIMUM),
                        at(20_999, 0, 20, HOLD_STABILISING),
                        at(21_000, 0, 18, SCALE_DOWN_CAPPED_BY_STEP))),
                scenario("a step exactly reaching the stabilised count", b -> b.maximum(20), List.of(
                        at(0, 40, 4, ACTIVATE),
                        at(1_000, 10, 4, HOLD_STABILISING),
                        at(10_000, 10, 2, SCALE_DOWN_CAPPED_BY_STEP),
                        at(10_500, 10, 1, SCALE_DOWN))),
                scenario("maxStepDown 1 removes one per decision", b -> b.maxStepDown(1), List.of(
                        at(0, 50, 5, ACTIVATE),
                        at(1_000, 0, 5, HOLD_STABILISING),
                        at(10_000, 0, 4, SCALE_DOWN_CAPPED_BY_STEP),
                        at(10_500, 0, 3, SCALE_DOWN_CAPPED_BY_STEP))),
                scenario("a steady load in partly filled batches holds (no flapping)",
                        b -> b.maximum(20).maxStepUp(20), List.of(
                        at(0, 150, 0, 15, ACTIVATE),
                        at(1_000, 0, 15, 15, STEADY),
                        at(2_000, 0, 13, 15, HOLD_STABILISING),
                        at(6_000, 0, 15, 15, STEADY),
                        at(11_999, 0, 13, 15, HOLD_STABILISING),
                        at(12_000, 4, 14, 15, STEADY),
                        at(12_500, 12, 15, 17, SCALE_UP))),
                scenario("a batch in flight is not idle", b -> b.idleToZero(Duration.ofSeconds(2)), List.of(
                        at(0, 10, 1, ACTIVATE),
                        at(1_000, 0, 1, 1, STEADY),
                        at(40_000, 0, 1, 1, STEADY),
                        at(41_000, 0, 0, 1, HOLD_STABILISING),
                        at(43_000, 0, 0, 0, IDLE_TO_ZERO))),
                scenario("a message during the idle period restarts it", defaults(), List.of(
                        at(0, 10, 1, ACTIVATE),
                        at(1_000, 0, 1, HOLD_STABILISING),
                        at(20_000, 1, 1, STEADY),
                        at(21_000, 0, 1, HOLD_STABILISING),
                        at(50_999, 0, 1, HOLD_UNTIL_IDLE),
                        at(51_000, 0, 0, IDLE_TO_ZERO))),
                scenario("an idle period shorter than the window wins",
                        b -> b.idleToZero(Duration.ofSeconds(2)), List.of(
                        at(0, 50, 5, ACTIVATE),
                        at(1_000, 0, 5, HOLD_STABILISING),
                        at(3_000, 0, 0, IDLE_TO_ZERO))),
                scenario("the pre-warmed minimum is never scaled away", b -> b.minimum(2).maxStepDown(1000), List.of(
                        at(0, 50, 5, SCALE_UP),
                        at(1_000, 0, 5, HOLD_STABILISING),
                        at(10_000, 0, 2, SCALE_DOWN),
                        at(60_000, 0, 2, AT_MINIMUM))),
                scenario("steps up to the maximum", b -> b.maximum(25), List.of(
                        at(0, 1_000, 10, ACTIVATE),
                        at(500, 1_000, 20, SCALE_UP_CAPPED_BY_STEP),
                        at(1_000, 1_000, 25, CAPPED_BY_MAXIMUM),
                        at(1_500, 1_000, 25, CAPPED_BY_MAXIMUM))),
                scenario("activation threshold from zero only", b -> b.activationBacklog(20), List.of(
                        at(0, 20, 0, BELOW_ACTIVATION),
                        at(500, 21, 3, ACTIVATE),
                        at(1_000, 5, 3, HOLD_STABILISING))));
    }

    private static Arguments scenario(String name, UnaryOperator<ScalingSettings.Builder> settings, List<Step> steps) {
        return Arguments.of(name, settings, steps);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void followsScenario(String name, UnaryOperator<ScalingSettings.Builder> settings, List<Step> steps) {
        ScalingPolicy policy = policy(settings);
        ScalingState state = ScalingState.initial();
        int current = 0;
        for (Step step : steps) {
            ScalingOutcome outcome = policy.decide(state, step.backlog(), step.working(), current,
                    T0.plusMillis(step.millis()));
            assertThat(outcome.decision().reason()).as("reason at %s", step).isEqualTo(step.reason());
            assertThat(outcome.decision().next()).as("next at %s", step).isEqualTo(step.next());
            state = outcome.state();
            current = outcome.decision().next();
        }
    }

    // ---- the rest ----

    @Test
    void explainsTheNumbers() {
        ScalingDecision decision = policy(b -> b.maximum(100)).decide(ScalingState.initial(), 1000, 3, T0).decision();
        assertThat(decision.explanation())
                .isEqualTo("backlog 1000 / target 10 = 100 wanted, desired 100 in [0, 100]; add 10, capped by"
                        + " maxStepUp 10");
        assertThat(decision.changes()).isTrue();
    }

    @Test
    void explainsBatchesInFlight() {
        ScalingDecision decision = policy(defaults()).decide(ScalingState.initial(), 30, 2, 2, T0).decision();
        assertThat(decision.explanation())
                .isEqualTo("backlog 30 / target 10 + 2 batches in flight = 5 wanted, desired 5 in [0, 5]; add 3");
        assertThat(decision.backlog()).isEqualTo(30);
    }

    @Test
    void stateRemembersIdleTimeAndTheWindow() {
        ScalingPolicy policy = policy(defaults());
        ScalingState state = policy.decide(ScalingState.initial(), 50, 0, T0).state();
        state = policy.decide(state, 0, 5, T0.plusSeconds(1)).state();
        assertThat(state.idleSince()).contains(T0.plusSeconds(1));
        assertThat(state.observingSince()).contains(T0);
        assertThat(state.highestRecentDesired()).isEqualTo(5);
    }

    @Test
    void sameInputsSameDecision() {
        ScalingPolicy policy = policy(defaults());
        ScalingState state = policy.decide(ScalingState.initial(), 50, 0, T0).state();
        assertThat(policy.decide(state, 7, 5, T0.plusSeconds(3)))
                .isEqualTo(policy.decide(state, 7, 5, T0.plusSeconds(3)));
    }

    @Test
    void rejectsTimeGoingBack() {
        ScalingPolicy policy = policy(defaults());
        ScalingState state = policy.decide(ScalingState.initial(), 1, 0, T0).state();
        assertThatThrownBy(() -> policy.decide(state, 1, 1, T0.minusMillis(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("now must not be before the previous decision");
    }

    @Test
    void rejectsNegativeInputs() {
        ScalingPolicy policy = policy(defaults());
        assertThatThrownBy(() -> policy.decide(ScalingState.initial(), -1, 0, T0))
                .hasMessage("backlog must be at least 0 (given -1)");
        assertThatThrownBy(() -> policy.decide(ScalingState.initial(), 0, -1, T0))
                .hasMessage("current must be at least 0 (given -1)");
        assertThatThrownBy(() -> policy.decide(ScalingState.initial(), 0, -1, 0, T0))
                .hasMessage("working must be at least 0 (given -1)");
    }
}
