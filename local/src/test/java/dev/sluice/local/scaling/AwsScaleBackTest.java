package dev.sluice.local.scaling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.local.scaling.AwsRamp.State;
import dev.sluice.local.scaling.ScalingDecision.Reason;
import dev.sluice.testing.MovableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Standard mode's scale-down (services-sqs-scaling.html): "When traffic is low, Lambda scales back the processing to
 * five concurrent invokes". AWS gives the floor, not the rate: modelled at once, at a reading with nothing waiting, and
 * never below the batches still in flight.
 */
class AwsScaleBackTest {

    private final MovableClock clock = new MovableClock(Instant.parse("2025-01-01T00:00:00Z"));
    private State state = State.IDLE;

    private ScalingDecision read(long waiting, int batchesInFlight, Integer maximumConcurrency) {
        State before = state;
        state = AwsRamp.next(before, waiting, batchesInFlight, maximumConcurrency, clock.instant());
        return AwsProfile.decide(before, state, waiting, batchesInFlight, null, maximumConcurrency, 0, 10,
                clock.instant());
    }

    private void rampForAMinute(Integer maximumConcurrency) {
        read(100_000, 0, maximumConcurrency);
        clock.advance(Duration.ofMinutes(1));
        read(100_000, 5, maximumConcurrency);
    }

    @Test
    void nothingWaitingScalesBackToTheBatchesInFlight() {
        rampForAMinute(null);
        assertThat(state.concurrency()).isEqualTo(305);

        clock.advance(Duration.ofSeconds(1));
        ScalingDecision decision = read(0, 40, null);

        assertThat(decision.reason()).isEqualTo(Reason.AWS_SCALE_BACK);
        assertThat(decision.desired()).isEqualTo(40);
    }

    @Test
    void neverBelowFive() {
        rampForAMinute(null);
        clock.advance(Duration.ofSeconds(1));

        assertThat(read(0, 2, null).desired()).isEqualTo(5);
        clock.advance(Duration.ofSeconds(1));
        assertThat(read(0, 1, null).reason()).as("at the floor: nothing more to give back").isEqualTo(Reason.AWS_HOLD);
    }

    @Test
    void growthResumesFromWhereItScaledBack() {
        rampForAMinute(null);
        clock.advance(Duration.ofSeconds(1));
        read(0, 3, null);

        clock.advance(Duration.ofSeconds(2));
        ScalingDecision decision = read(1000, 5, null);

        assertThat(decision.reason()).isEqualTo(Reason.AWS_RAMP_UP);
        assertThat(decision.desired()).isEqualTo(15); // 5 + 2 s x 300/min
    }

    @Test
    void aMaximumConcurrencyBelowFiveIsTheFloor() {
        rampForAMinute(3);
        clock.advance(Duration.ofSeconds(1));

        assertThat(read(0, 1, 3).desired()).isEqualTo(3);
    }
}
