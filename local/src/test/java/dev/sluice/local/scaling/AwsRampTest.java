package dev.sluice.local.scaling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.local.scaling.AwsRamp.State;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Lambda's standard-mode ramp (services-sqs-scaling.html), with the time given. */
class AwsRampTest {

    private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

    /** One queue reading: at T0 + {@code seconds}, messages waiting and batches in flight. */
    record Reading(long seconds, long waiting, int inFlight) {
    }

    /** The concurrency after each reading, from idle, with no MaximumConcurrency. */
    private static List<Integer> ramp(List<Reading> readings) {
        State state = State.IDLE;
        List<Integer> concurrencies = new ArrayList<>();
        for (Reading reading : readings) {
            state = AwsRamp.next(state, reading.waiting(), reading.inFlight(), null,
                    T0.plusSeconds(reading.seconds()));
            concurrencies.add(state.concurrency());
        }
        return concurrencies;
    }

    /** 100,000 messages waited from T0 to T0 + 60 s: 305 concurrent batches. */
    private static State afterAMinuteOfBacklog() {
        State state = AwsRamp.next(State.IDLE, 100_000, 0, null, T0);
        return AwsRamp.next(state, 100_000, 5, null, T0.plusSeconds(60));
    }

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

    static Stream<Arguments> ramps() {
        return Stream.of(
                Arguments.of("adds three hundred per minute while messages wait",
                        List.of(new Reading(0, 100_000, 0), new Reading(60, 100_000, 5),
                                new Reading(120, 100_000, 305)),
                        List.of(5, 305, 605)),
                // The held minute earns nothing: growth resumes from now.
                Arguments.of("batches in flight with nothing waiting hold the count",
                        List.of(new Reading(0, 100, 0), new Reading(60, 0, 5), new Reading(61, 100, 5)),
                        List.of(5, 5, 10)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ramps")
    void rampsReadingByReading(String name, List<Reading> readings, List<Integer> concurrencies) {
        assertThat(ramp(readings)).isEqualTo(concurrencies);
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
    void scalesDownToZeroWhenTheQueueIsEmpty() {
        assertThat(AwsRamp.next(afterAMinuteOfBacklog(), 0, 0, null, T0.plusSeconds(61))).isEqualTo(State.IDLE);
    }

    @Test
    void aLoweredMaximumConcurrencyCutsAtOnce() {
        assertThat(AwsRamp.next(afterAMinuteOfBacklog(), 100_000, 305, 20, T0.plusSeconds(61)).concurrency())
                .isEqualTo(20);
    }
}
