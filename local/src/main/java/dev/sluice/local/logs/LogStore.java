package dev.sluice.local.logs;

import dev.sluice.local.core.CloudContext;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * The local CloudWatch Logs data: log groups, their streams and events, in memory. Lambda writes each execution
 * environment's output here ({@link #append}); {@link LogsService} serves it through the CloudWatch Logs API.
 *
 * <p>Memory is bounded per group ({@link LogLimits}): beyond its limits, a group's oldest events are dropped, and a
 * stream left empty by that is removed. Nothing is written to disk.
 */
public final class LogStore {

    private final CloudContext context;
    private final Clock clock;
    private final LogLimits limits;
    private final ConcurrentSkipListMap<String, LogGroup> groups = new ConcurrentSkipListMap<>();
    private final AtomicLong sequence = new AtomicLong();

    /** A store with the default limits and the system clock; ARNs name {@code context}'s region and account. */
    public LogStore(CloudContext context) {
        this(context, Clock.systemUTC(), LogLimits.DEFAULT);
    }

    /** @param clock gives ingestion and creation times */
    public LogStore(CloudContext context, Clock clock, LogLimits limits) {
        this.context = context;
        this.clock = clock;
        this.limits = limits;
    }

    public LogLimits limits() {
        return limits;
    }

    /** Now, in epoch milliseconds, by the store's clock. */
    public long now() {
        return clock.millis();
    }

    /** {@code arn:aws:logs:<region>:<account>:log-group:<name>}. */
    public String groupArn(String groupName) {
        return context.arn("logs", "log-group:" + groupName).toString();
    }

    /**
     * Appends one event to a stream, making the group and the stream when they do not exist (as Lambda does for a
     * function's log group and each environment's stream).
     */
    public void append(String groupName, String streamName, long timestamp, String message) {
        LogEvent event = new LogEvent(sequence.incrementAndGet(), streamName, timestamp, clock.millis(), message);
        group(groupName, true).add(streamName, List.of(event), true, event.ingestionTime());
    }

    /** Creates a group; false when it exists. */
    public boolean createGroup(String groupName) {
        boolean[] created = {false};
        groups.computeIfAbsent(groupName, name -> {
            created[0] = true;
            return newGroup(name);
        });
        return created[0];
    }

    /** Deletes a group with its streams; false when there was none. */
    public boolean deleteGroup(String groupName) {
        return groups.remove(groupName) != null;
    }

    /** The groups whose name {@code selected} accepts, by name. */
    public List<LogGroupSummary> groups(Predicate<String> selected) {
        return groups.values().stream().filter(group -> selected.test(group.name())).map(LogGroup::summary).toList();
    }

    public Optional<LogGroupSummary> group(String groupName) {
        return Optional.ofNullable(groups.get(groupName)).map(LogGroup::summary);
    }

    /**
     * Every event of a group (all its streams), in read order: by timestamp, then in the order they arrived; empty when
     * there is no such group.
     */
    public List<LogEvent> events(String groupName) {
        LogGroup group = groups.get(groupName);
        return group == null ? List.of() : group.events(stream -> true, event -> true);
    }

    // ---- for the API actions of this package ----

    /** The group, or null; made when missing and {@code create}. */
    LogGroup group(String groupName, boolean create) {
        return create ? groups.computeIfAbsent(groupName, this::newGroup) : groups.get(groupName);
    }

    /** What PutLogEvents gives for one event. */
    record InputEvent(long timestamp, String message) {
    }

    /** Events for {@code streamName}, numbered in arrival order, stamped with the ingestion time now. */
    List<LogEvent> newEvents(String streamName, List<InputEvent> input) {
        long now = clock.millis();
        List<LogEvent> events = new ArrayList<>(input.size());
        for (InputEvent each : input) {
            events.add(new LogEvent(sequence.incrementAndGet(), streamName, each.timestamp(), now, each.message()));
        }
        return events;
    }

    private LogGroup newGroup(String name) {
        return new LogGroup(name, groupArn(name), clock.millis(), limits);
    }
}
