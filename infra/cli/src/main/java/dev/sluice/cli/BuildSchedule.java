package dev.sluice.cli;

import java.time.Duration;

/**
 * When {@code local up --watch} runs the project's build: once the sources have been quiet for the debounce time after
 * a change (an editor's save-all, a {@code git checkout} are one burst), never two at once, and changes made during a
 * build queue exactly one more build after it, however many there were. Times are {@link System#nanoTime()} values
 * given by the caller, so the rules are tested without a clock.
 */
final class BuildSchedule {

    private final long debounceNanos;
    private boolean pending;
    private boolean building;
    private long lastChange;

    BuildSchedule(Duration debounce) {
        this.debounceNanos = debounce.toNanos();
    }

    /** A source changed at {@code now}. */
    synchronized void changed(long now) {
        pending = true;
        lastChange = now;
    }

    /** Whether a build should start at {@code now}. */
    synchronized boolean due(long now) {
        return pending && !building && now - lastChange >= debounceNanos;
    }

    /** How long until {@link #due} may turn true (for the caller's wait), or -1 when nothing is pending. */
    synchronized long nanosUntilDue(long now) {
        if (!pending || building) {
            return -1;
        }
        return Math.max(0, lastChange + debounceNanos - now);
    }

    /** The build starts: the changes so far are in it. */
    synchronized void started() {
        pending = false;
        building = true;
    }

    /** The build (and what follows it: reload, synthesis, redeploy) is over. */
    synchronized void finished() {
        building = false;
    }

    synchronized boolean idle() {
        return !pending && !building;
    }
}
