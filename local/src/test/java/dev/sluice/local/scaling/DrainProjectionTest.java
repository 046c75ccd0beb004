package dev.sluice.local.scaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.sluice.local.scaling.AwsRamp.State;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The closed-form drain time against hand-worked cases and a step simulation of {@link AwsRamp}. */
class DrainProjectionTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            // case, backlog, batch size, s per batch, concurrency now, cap, seconds
            "no backlog,                 0,     10, 1,   0,   1000, 0",
            "at the cap from the start,  1000,  10, 1,   10,  10,   10",
            "cap 5: 5 x 10 msg/s,        500,   10, 1,   0,   5,    10",
            // c0 5, r 5/s, 10 msg per batch-second: 10(5t + 2.5t^2) = 200 -> t -> t^2 + 2t - 8 = 0 -> t = 2
            "ramping: quadratic,         200,   10, 1,   0,   1000, 2",
            // 10(5t + 2.5t^2) = 1,000 -> t^2 + 2t - 40 = 0 -> t = sqrt(41) - 1
            "ramping: longer,            1000,  10, 1,   0,   1000, 5.403124",
            // to cap 15 takes 2 s draining 10(5*2 + 2.5*4) = 200; then 800 / 150 per s
            "ramp then cap,              1000,  10, 1,   5,   15,   7.333333",
    })
    void closedForm(String name, long backlog, int batchSize, double perBatch, int concurrency, int cap,
                    double seconds) {
        assertThat(DrainProjection.seconds(backlog, batchSize, perBatch, concurrency, cap))
                .isCloseTo(seconds, within(1e-3));
    }

    @Test
    void agreesWithAStepSimulationOfTheRamp() {
        long backlog = 200_000;
        int batchSize = 10;
        double perBatch = 2.0;
        double projected = DrainProjection.seconds(backlog, batchSize, perBatch, 0, 1000);

        // Step the ramp every 100 ms and drain concurrency x batchSize / perBatch messages per second.
        Instant t0 = Instant.parse("2025-01-01T00:00:00Z");
        State state = State.IDLE;
        double left = backlog;
        int steps = 0;
        while (left > 0) {
            state = AwsRamp.next(state, (long) Math.ceil(left), 0, null, t0.plusMillis(100L * steps));
            left -= state.concurrency() * batchSize / perBatch * 0.1;
            steps++;
        }
        assertThat(projected).isCloseTo(steps * 0.1, within(1.0));
    }

    @Test
    void rejectsAMissingMeasurement() {
        assertThatThrownBy(() -> DrainProjection.seconds(10, 10, 0, 0, 5))
                .hasMessage("batch size, cap and seconds per batch must be positive (given 10, 5, 0.0)");
    }
}
