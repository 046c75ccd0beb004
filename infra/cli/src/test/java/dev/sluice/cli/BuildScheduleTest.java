package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** When --watch builds: after a quiet spell, one at a time, and one more for whatever changed during a build. */
class BuildScheduleTest {

    private static final long MS = 1_000_000;
    private final BuildSchedule schedule = new BuildSchedule(Duration.ofMillis(300));

    @Test
    void nothingChangedNothingIsDue() {
        assertThat(schedule.due(10_000 * MS)).isFalse();
        assertThat(schedule.nanosUntilDue(10_000 * MS)).isEqualTo(-1);
        assertThat(schedule.idle()).isTrue();
    }

    @Test
    void aBurstIsOneBuildAfterItsLastChangeSettles() {
        schedule.changed(0);
        schedule.changed(200 * MS);
        schedule.changed(400 * MS);

        assertThat(schedule.due(600 * MS)).isFalse();
        assertThat(schedule.nanosUntilDue(600 * MS)).isEqualTo(100 * MS);
        assertThat(schedule.due(700 * MS)).isTrue();
        schedule.started();
        assertThat(schedule.due(800 * MS)).isFalse();
        schedule.finished();
        assertThat(schedule.due(5_000 * MS)).isFalse();
        assertThat(schedule.idle()).isTrue();
    }

    @Test
    void changesDuringABuildQueueExactlyOneMore() {
        schedule.changed(0);
        schedule.started();
        schedule.changed(100 * MS);
        schedule.changed(5_000 * MS);
        schedule.changed(9_000 * MS);

        assertThat(schedule.due(20_000 * MS)).as("never two builds at once").isFalse();
        assertThat(schedule.idle()).isFalse();
        schedule.finished();
        assertThat(schedule.due(20_000 * MS)).isTrue();
        schedule.started();
        schedule.finished();
        assertThat(schedule.due(40_000 * MS)).isFalse();
    }

    @Test
    void aChangeJustBeforeTheBuildEndsWaitsItsQuietSpell() {
        schedule.changed(0);
        schedule.started();
        schedule.changed(1_000 * MS);
        schedule.finished();

        assertThat(schedule.due(1_100 * MS)).isFalse();
        assertThat(schedule.due(1_300 * MS)).isTrue();
    }
}
