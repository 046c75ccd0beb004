package dev.sluice.local.scaling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.local.scaling.AwsRamp.State;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Lambda's standard-mode ramp (services-sqs-scaling.html), with the time given. */
class AwsRampTest {

    private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

    @Test
    void anEmptyQueueStaysAtZero() {
        assertThat(AwsRamp.next(State.IDLE, 0, 0, null, T0)).isEqualTo(State.IDLE);
    }

    @Test
    void messagesStartFiveBatches() {
        assertThat(AwsRamp.next(State.IDLE, 1, 0, null, T0).concurrency()).isEqualTo(5);
    }

    @Test
    void startsAtMaximumConcurrencyWhenBelowFive() {
        assertThat(AwsRamp.next(State.IDLE, 1000, 0, 2, T0).concurrency()).isEqualTo(2);
    }

    @Test
    void addsThreeHundredPerMinuteWhileMessagesWait() {
        State state = AwsRamp.next(State.IDLE, 100_000, 0, null, T0);
        state = AwsRamp.next(state, 100_000, 5, null, T0.plusSeconds(60));
        assertThat(state.concurrency()).isEqualTo(305);
        state = AwsRamp.next(state, 100_000, 305, null, T0.plusSeconds(120));
        assertThat(state.concurrency()).isEqualTo(605);
    }

    @Test
    void halfSecondReadingsAddExactlyThreeHundredAMinute() {
        State state = AwsRamp.next(State.IDLE, 100_000, 0, null, T0);
        List<Integer> steps = new ArrayList<>();
        for (int i = 1; i <= 120; i++) {
            int before = state.concurrency();
            state = AwsRamp.next(state, 100_000, before, null, T0.plusMillis(500L * i));
            steps.add(state.concurrency() - before);
        }
        assertThat(state.concurrency()).isEqualTo(305);
        assertThat(steps).allSatisfy(step -> assertThat(step).isBetween(2, 3));
    }

    @ParameterizedTest(name = "MaximumConcurrency {0} caps the ramp at {1}")
    @CsvSource({"2, 2", "50, 50", "1000, 1000", ", 1000"})
    void capsAtMaximumConcurrencyOrTheCeiling(Integer maximumConcurrency, int cap) {
        State state = AwsRamp.next(State.IDLE, 1_000_000, 0, maximumConcurrency, T0);
        for (int minute = 1; minute <= 5; minute++) {
            state = AwsRamp.next(state, 1_000_000, state.concurrency(), maximumConcurrency,
                    T0.plus(Duration.ofMinutes(minute)));
        }
        assertThat(state.concurrency()).isEqualTo(cap);
        assertThat(AwsRamp.cap(maximumConcurrency)).isEqualTo(cap);
    }

    @Test
    void batchesInFlightWithNothingWaitingHoldTheCount() {
        State state = AwsRamp.next(State.IDLE, 100, 0, null, T0);
        state = AwsRamp.next(state, 0, 5, null, T0.plusSeconds(60));
        assertThat(state.concurrency()).isEqualTo(5);
        // The held minute earns nothing: growth resumes from now.
        state = AwsRamp.next(state, 100, 5, null, T0.plusSeconds(61));
        assertThat(state.concurrency()).isEqualTo(10);
    }

    @Test
    void scalesDownToZeroWhenTheQueueIsEmpty() {
        State state = AwsRamp.next(State.IDLE, 100_000, 0, null, T0);
        state = AwsRamp.next(state, 100_000, 5, null, T0.plusSeconds(60));
        assertThat(AwsRamp.next(state, 0, 0, null, T0.plusSeconds(61))).isEqualTo(State.IDLE);
    }

    @Test
    void aLoweredMaximumConcurrencyCutsAtOnce() {
        State state = AwsRamp.next(State.IDLE, 100_000, 0, null, T0);
        state = AwsRamp.next(state, 100_000, 5, null, T0.plusSeconds(60));
        assertThat(AwsRamp.next(state, 100_000, 305, 20, T0.plusSeconds(61)).concurrency()).isEqualTo(20);
    }
}
