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
    private volatile ScalingProfile profile = ScalingProfile.LOCAL;
    private volatile Integer awsConcurrency;
    private volatile Double secondsPerBatch;
    private volatile Double awsDrainSeconds;
    /** (at, completed batches, their total nanos) per poll over the last minute, for the mean batch duration. */
    private final Deque<long[]> batchTimes = new ArrayDeque<>();

    ScalingPolicy policy;
    AwsRamp.State awsState = AwsRamp.State.IDLE;
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

    /** The profile sizing this mapping. */
    public ScalingProfile profile() {
        return profile;
    }

    /** Concurrent batches AWS would run now (the AWS ramp), or empty under the local profile. */
    public Optional<Integer> awsConcurrency() {
        return Optional.ofNullable(awsConcurrency);
    }

    /** Mean duration of the batches that finished in the last minute (else of all), or empty before any. */
    public Optional<Double> secondsPerBatch() {
        return Optional.ofNullable(secondsPerBatch);
    }

    /** How long the backlog at the last read would take to drain on AWS ({@link DrainProjection}), or empty. */
    public Optional<Double> awsDrainSeconds() {
        return Optional.ofNullable(awsDrainSeconds);
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

    void profile(ScalingProfile profile, Integer awsConcurrency) {
        this.profile = profile;
        this.awsConcurrency = awsConcurrency;
    }

    void awsDrainSeconds(Double seconds) {
        this.awsDrainSeconds = seconds;
    }

    /**
     * Notes the mapping's batch counters and updates the mean batch duration: over the last minute when batches
     * finished in it (the recent cost, warm environments), else since the mapping was created.
     */
    synchronized void batchTimes(long nowMillis, long completed, long nanos) {
        batchTimes.addLast(new long[] {nowMillis, completed, nanos});
        while (batchTimes.size() > 2 && batchTimes.peekFirst()[0] < nowMillis - 60_000) {
            batchTimes.removeFirst();
        }
        long[] first = batchTimes.peekFirst();
        long batches = completed - first[1];
        if (batches > 0) {
            secondsPerBatch = (nanos - first[2]) / 1e9 / batches;
        } else if (completed > 0) {
            secondsPerBatch = nanos / 1e9 / completed;
        }
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
