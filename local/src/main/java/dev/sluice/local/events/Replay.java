package dev.sluice.local.events;

import java.time.Instant;
import java.util.List;

/**
 * One replay: what it replays and where, and its progress. State moves STARTING, RUNNING, then COMPLETED, or
 * CANCELLING and CANCELLED when cancelled on the way, or FAILED (the archive or bus went away meanwhile).
 */
final class Replay {

    enum State { STARTING, RUNNING, CANCELLING, COMPLETED, CANCELLED, FAILED }

    final String name;
    final String arn;
    final String description;
    final String archiveArn;
    final String destinationArn;
    /** Rule ARNs the replay is limited to; empty: every rule of the destination bus. */
    final List<String> filterArns;
    final Instant eventStartTime;
    final Instant eventEndTime;
    final Instant replayStartTime;
    private State state = State.STARTING;
    private String stateReason;
    private Instant eventLastReplayedTime;
    private Instant replayEndTime;
    private long replayedEvents;

    Replay(String name, String arn, String description, String archiveArn, String destinationArn,
           List<String> filterArns, Instant eventStartTime, Instant eventEndTime, Instant replayStartTime) {
        this.name = name;
        this.arn = arn;
        this.description = description;
        this.archiveArn = archiveArn;
        this.destinationArn = destinationArn;
        this.filterArns = List.copyOf(filterArns);
        this.eventStartTime = eventStartTime;
        this.eventEndTime = eventEndTime;
        this.replayStartTime = replayStartTime;
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
