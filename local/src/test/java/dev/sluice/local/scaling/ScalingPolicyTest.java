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
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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

    /** The scenarios of {@code scaling-scenarios.txt}, which says how to read it. */
    static Stream<Arguments> scenarios() throws IOException {
        List<Arguments> scenarios = new ArrayList<>();
        String name = null;
        String settings = null;
        List<Step> steps = new ArrayList<>();
        try (InputStream in = ScalingPolicyTest.class.getResourceAsStream("scaling-scenarios.txt")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.startsWith("== ")) {
                    if (name != null) {
                        scenarios.add(Arguments.of(name, settings, steps));
                    }
                    String[] heading = line.substring(3).split("\\|", -1);
                    name = heading[0].trim();
                    settings = heading[1].trim();
                    steps = new ArrayList<>();
                } else if (!line.isBlank() && !line.startsWith("#")) {
                    steps.add(step(line));
                }
            }
        }
        scenarios.add(Arguments.of(name, settings, steps));
        return scenarios.stream();
    }

    private static Step step(String row) {
        String[] cells = row.trim().split("\\s+");
        if (cells.length != 6 || !cells[3].equals("->")) {
            throw new IllegalArgumentException("not 'ms backlog working -> next REASON': " + row);
        }
        return new Step(Long.parseLong(cells[0]), Long.parseLong(cells[1]), Integer.parseInt(cells[2]),
                Integer.parseInt(cells[4]), Reason.valueOf(cells[5]));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void followsScenario(String name, String settings, List<Step> steps) {
        ScalingPolicy policy = policy(b -> b.apply(ScalingFlags.parse(settings)));
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
