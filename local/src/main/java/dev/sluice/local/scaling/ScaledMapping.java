package dev.sluice.local.scaling;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * The autoscaler's record of one event source mapping: its settings, the policy's state, the last decisions and a
 * ring buffer of samples (the last {@link Autoscaler#HISTORY}). Read by status; written by the autoscaler's thread.
 */
public final class ScaledMapping {

    private final String uuid;
    private final String functionName;
    private final String queueUrl;
    private final Deque<ScalingSample> history = new ArrayDeque<>();

    // Written by the autoscaler thread only; volatile for status readers.
    private volatile ScalingSettings settings;
    private volatile String settingsError;
    private volatile ScalingDecision lastDecision;
    private volatile ScalingDecision lastChange;
    private volatile String lastReadError;

    ScalingPolicy policy;
    ScalingState state = ScalingState.initial();
    int next;
    Instant dueAt;
    long settingsVersion = -1;
    Integer resolvedMaximumConcurrency;

    ScaledMapping(String uuid, String functionName, String queueUrl) {
        this.uuid = uuid;
        this.functionName = functionName;
        this.queueUrl = queueUrl;
    }

    public String uuid() {
        return uuid;
    }

    public String functionName() {
        return functionName;
    }

    public String queueUrl() {
        return queueUrl;
    }

    /** The settings in force: defaults, MaximumConcurrency, template metadata, CLI overrides. */
    public ScalingSettings settings() {
        return settings;
    }

    /** Why the configured settings were rejected (defaults are used instead), or empty. */
    public Optional<String> settingsError() {
        return Optional.ofNullable(settingsError);
    }

    /** The latest decision, or empty before the first read. */
    public Optional<ScalingDecision> lastDecision() {
        return Optional.ofNullable(lastDecision);
    }

    /** The latest decision that changed the number of environments, or empty. */
    public Optional<ScalingDecision> lastChange() {
        return Optional.ofNullable(lastChange);
    }

    /** Why the queue could not be read at the last poll, or empty when it could. */
    public Optional<String> lastReadError() {
        return Optional.ofNullable(lastReadError);
    }

    /** Environments the autoscaler runs for this mapping now. */
    public int desired() {
        return next;
    }

    /** The latest sample, or empty before the first read. */
    public synchronized Optional<ScalingSample> lastSample() {
        return Optional.ofNullable(history.peekLast());
    }

    /** Samples of the last {@code window}, oldest first. */
    public synchronized List<ScalingSample> history(Duration window, Instant now) {
        Instant from = now.minus(window);
        List<ScalingSample> samples = new ArrayList<>();
        for (ScalingSample sample : history) {
            if (!sample.at().isBefore(from)) {
                samples.add(sample);
            }
        }
        return samples;
    }

    void settings(ScalingSettings settings, String error) {
        this.settings = settings;
        this.settingsError = error;
        this.policy = new ScalingPolicy(settings);
    }

    void decided(ScalingDecision decision) {
        lastDecision = decision;
        if (decision.changes()) {
            lastChange = decision;
        }
        lastReadError = null;
    }

    /** Returns true when this error is new (worth a log line). */
    boolean readFailed(String error) {
        boolean isNew = !error.equals(lastReadError);
        lastReadError = error;
        return isNew;
    }

    synchronized void record(ScalingSample sample, Duration keep) {
        history.addLast(sample);
        Instant cutoff = sample.at().minus(keep);
        while (!history.isEmpty() && history.peekFirst().at().isBefore(cutoff)) {
            history.removeFirst();
        }
    }
}
