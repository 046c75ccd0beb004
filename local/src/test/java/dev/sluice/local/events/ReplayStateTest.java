package dev.sluice.local.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A replay's states (https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_Replay.html): STARTING, RUNNING,
 * then COMPLETED; a cancel on the way passes through CANCELLING to CANCELLED; a finished replay cannot be cancelled.
 */
class ReplayStateTest {

    private static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");

    private static Replay replay() {
        return new Replay(new Replay.Request("r", null, "arn:aws:events:us-east-1:000000000000:archive/a",
                "arn:aws:events:us-east-1:000000000000:event-bus/b", List.of(), T0, T0.plusSeconds(60)),
                "arn:aws:events:us-east-1:000000000000:replay/r", T0);
    }

    @Test
    void runsToCompleted() {
        Replay replay = replay();
        assertThat(replay.state()).isEqualTo(Replay.State.STARTING);
        replay.running();
        replay.replayed(T0.plusSeconds(5));
        replay.finished(T0.plusSeconds(6));
        assertThat(replay.state()).isEqualTo(Replay.State.COMPLETED);
        assertThat(replay.eventLastReplayedTime()).isEqualTo(T0.plusSeconds(5));
        assertThat(replay.replayEndTime()).isEqualTo(T0.plusSeconds(6));
        assertThat(replay.cancel()).as("a completed replay cannot be cancelled").isFalse();
    }

    @Test
    void aCancelOnTheWayEndsCancelled() {
        Replay replay = replay();
        replay.running();
        assertThat(replay.cancel()).isTrue();
        assertThat(replay.state()).isEqualTo(Replay.State.CANCELLING);
        assertThat(replay.cancelling()).isTrue();
        replay.finished(T0.plusSeconds(1));
        assertThat(replay.state()).isEqualTo(Replay.State.CANCELLED);
        assertThat(replay.cancel()).isFalse();
    }

    @Test
    void failedCarriesItsReason() {
        Replay replay = replay();
        replay.failed(T0, "Event bus b does not exist.");
        assertThat(replay.state()).isEqualTo(Replay.State.FAILED);
        assertThat(replay.stateReason()).isEqualTo("Event bus b does not exist.");
    }
}
