package dev.sluice.local.scaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.sluice.local.lambda.eventsource.ProvisionedPollers;
import dev.sluice.local.scaling.AwsRamp.State;
import dev.sluice.local.scaling.ScalingDecision.Reason;
import dev.sluice.testing.MovableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Lambda's provisioned mode for SQS (services-sqs-parameters.html: "Each poller can handle up to 1 MB/sec of
 * throughput and 10 concurrent invokes"; AWS News Blog: "auto scale up to 1000 per concurrent executions per minute",
 * "up to 20,000 concurrency"; API reference: MinimumPollers is what it "can scale down to"), with a clock the test
 * moves.
 */
class AwsProvisionedModeTest {

    private static final ProvisionedPollers POLLERS = new ProvisionedPollers(3, 50);
    private static final int LOCAL_CAP = 10;

    private final MovableClock clock = new MovableClock(Instant.parse("2025-01-01T00:00:00Z"));
    private State state = State.IDLE;

    /** One reading of the queue: the model's next state, and the decision the aws profile takes from it. */
    private ScalingDecision read(long waiting, int batchesInFlight) {
        State before = state;
        state = AwsRamp.step(AwsProvisionedMode.limits(POLLERS), before, waiting, batchesInFlight, clock.instant());
        return AwsProfile.decide(before, state, waiting, batchesInFlight, POLLERS, null, 0, LOCAL_CAP,
                clock.instant());
    }

    @ParameterizedTest(name = "pollers {0}-{1}: start {2}, cap {3}")
    @CsvSource({"2, 200, 20, 2000", "3, 50, 30, 500", "200, 10000, 2000, 20000", "2, 2, 20, 20"})
    void tenInvokesPerPollerFromTheMinimumToTheMaximum(int minimum, int maximum, int start, int cap) {
        AwsRamp.Limits limits = AwsProvisionedMode.limits(new ProvisionedPollers(minimum, maximum));
        assertThat(limits.start()).isEqualTo(start);
        assertThat(limits.cap()).isEqualTo(cap);
        assertThat(limits.perMinute()).isEqualTo(1000);
    }

    @Test
    void withoutPollerConfigTheMappingIsInStandardMode() {
        assertThat(AwsProvisionedMode.limits(null, 50)).isEqualTo(new AwsRamp.Limits(5, 50, 300));
        assertThat(AwsProvisionedMode.limits(null, null)).isEqualTo(new AwsRamp.Limits(5, 1000, 300));
    }

    @Test
    void messagesStartEveryMinimumPollerAtOnce() {
        ScalingDecision decision = read(10_000, 0);

        assertThat(decision.reason()).isEqualTo(Reason.AWS_START);
        assertThat(decision.desired()).isEqualTo(30);
        assertThat(decision.next()).isEqualTo(LOCAL_CAP);
        assertThat(decision.explanation()).contains("provisioned: 3 event pollers of 3-50, 10 invokes each");
    }

    @Test
    void addsAThousandInvokesAMinuteUpToTheMaximumPollers() {
        read(100_000, 0);
        clock.advance(Duration.ofSeconds(6));
        ScalingDecision decision = read(100_000, 30);
        assertThat(decision.reason()).isEqualTo(Reason.AWS_RAMP_UP);
        assertThat(decision.desired()).isEqualTo(130); // 30 + 6 s x 1,000/min
        assertThat(decision.explanation()).contains("13 event pollers");

        clock.advance(Duration.ofMinutes(1));
        decision = read(100_000, 130);
        assertThat(decision.reason()).isEqualTo(Reason.AWS_AT_CAP);
        assertThat(decision.desired()).isEqualTo(500);
        assertThat(decision.next()).as("the local cap still bounds what runs here").isEqualTo(LOCAL_CAP);
    }

    @Test
    void scalesBackToTheMinimumPollersAndKeepsThemReady() {
        read(100_000, 0);
        clock.advance(Duration.ofMinutes(1));
        read(100_000, 30);

        clock.advance(Duration.ofSeconds(1));
        ScalingDecision decision = read(0, 12);
        assertThat(decision.reason()).isEqualTo(Reason.AWS_SCALE_BACK);
        assertThat(decision.desired()).as("not below the batches in flight").isEqualTo(30);

        clock.advance(Duration.ofSeconds(1));
        decision = read(0, 0);
        assertThat(decision.reason()).isEqualTo(Reason.AWS_QUEUE_EMPTY);
        assertThat(decision.desired()).isZero();
        assertThat(decision.next()).isZero();

        clock.advance(Duration.ofMinutes(10));
        decision = read(5, 0);
        assertThat(decision.reason()).isEqualTo(Reason.AWS_START);
        assertThat(decision.desired()).as("the minimum pollers were kept: no ramp from 5").isEqualTo(30);
    }

    @Test
    void theDrainProjectionFollowsTheProvisionedRate() {
        AwsRamp.Limits limits = AwsProvisionedMode.limits(POLLERS);
        // c0 30, r 1,000/60 a second, 10 messages per batch-second: reaches 500 at t = 470 / (50/3) = 28.2 s.
        double toCap = 470 / (1000 / 60.0);
        double drainedWhileRamping = 10 * (30 * toCap + 1000 / 60.0 * toCap * toCap / 2);
        assertThat(DrainProjection.seconds(1_000_000, 10, 1, 0, limits))
                .isCloseTo(toCap + (1_000_000 - drainedWhileRamping) / (500 * 10), within(1e-6));

        // Against a 100 ms step simulation of the model itself.
        long backlog = 200_000;
        State simulated = State.IDLE;
        double left = backlog;
        int steps = 0;
        while (left > 0) {
            simulated = AwsRamp.step(limits, simulated, (long) Math.ceil(left), 0, clock.advance(Duration.ofMillis(100)));
            left -= simulated.concurrency() * 10 / 2.0 * 0.1;
            steps++;
        }
        assertThat(DrainProjection.seconds(backlog, 10, 2.0, 0, limits)).isCloseTo(steps * 0.1, within(1.0));
    }
}
