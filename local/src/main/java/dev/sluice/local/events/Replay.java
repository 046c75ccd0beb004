package dev.sluice.local.events;

import java.time.Instant;
import java.util.List;

/**
 * One replay: what it replays and where, and its progress. State moves STARTING, RUNNING, then COMPLETED, or
 * CANCELLING and CANCELLED when cancelled on the way, or FAILED (the archive or bus went away meanwhile).
 */
final class Replay {

    enum State { STARTING, RUNNING, CANCELLING, COMPLETED, CANCELLED, FAILED }

    /**
     * What StartReplay asked for, checked: which archive's events, between which times, to which bus's rules.
     *
     * @param filterArns rule ARNs the replay is limited to; empty: every rule of the destination bus
     */
    record Request(String name, String description, String archiveArn, String destinationArn, List<String> filterArns,
                   Instant eventStartTime, Instant eventEndTime) {

        Request {
            filterArns = List.copyOf(filterArns);
        }
    }

    final Request request;
    final String arn;
    final Instant replayStartTime;
    private State state = State.STARTING;
    private String stateReason;
    private Instant eventLastReplayedTime;
    private Instant replayEndTime;
    private long replayedEvents;

    Replay(Request request, String arn, Instant replayStartTime) {
        this.request = request;
        this.arn = arn;
        this.replayStartTime = replayStartTime;
    }

    String name() {
        return request.name();
    }

    synchronized State state() {
        return state;
    }

    synchronized String stateReason() {
        return stateReason;
    }

    synchronized Instant eventLastReplayedTime() {
        return eventLastReplayedTime;
    }

    synchronized Instant replayEndTime() {
        return replayEndTime;
    }

    synchronized long replayedEvents() {
        return replayedEvents;
    }

    synchronized void running() {
        if (state == State.STARTING) {
            state = State.RUNNING;
        }
    }

    synchronized void replayed(Instant eventTime) {
        replayedEvents++;
        eventLastReplayedTime = eventTime;
    }

    /** Asks a running replay to stop; false when it is past the point where it can be cancelled. */
    synchronized boolean cancel() {
        if (state != State.STARTING && state != State.RUNNING) {
            return false;
        }
        state = State.CANCELLING;
        return true;
    }

    synchronized boolean cancelling() {
        return state == State.CANCELLING;
    }

    /** The end: COMPLETED, or CANCELLED when a cancel arrived first. */
    synchronized void finished(Instant now) {
        state = state == State.CANCELLING ? State.CANCELLED : State.COMPLETED;
        replayEndTime = now;
    }

    synchronized void failed(Instant now, String reason) {
        state = State.FAILED;
        stateReason = reason;
        replayEndTime = now;
    }
}
