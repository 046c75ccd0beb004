package dev.sluice.local.logs;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * One log group: its streams and their events, within its {@link LogLimits}: past them, its oldest events (in the
 * order they arrived) are dropped, and a stream left empty by that goes too.
 */
final class LogGroup {

    private final String name;
    private final String arn;
    private final long creationTime;
    private final LogLimits limits;
    private final Map<String, Stream> streams = new TreeMap<>();
    /** Every event of the group in the order it arrived: the head is dropped first. */
    private final Deque<LogEvent> arrivals = new ArrayDeque<>();
    private long storedBytes;
    private long dropped;
    private Integer retentionInDays;

    /** The mutable state of one stream; read through {@link LogStreamSummary}. */
    private static final class Stream {
        final String name;
        final long creationTime;
        /** In the order they arrived, which for one writer is their time order. */
        final Deque<LogEvent> events = new ArrayDeque<>();
        long storedBytes;
        long lastIngestionTime;

        Stream(String name, long creationTime) {
            this.name = name;
            this.creationTime = creationTime;
        }
    }

    LogGroup(String name, String arn, long creationTime, LogLimits limits) {
        this.name = name;
        this.arn = arn;
        this.creationTime = creationTime;
        this.limits = limits;
    }

    String name() {
        return name;
    }

    synchronized LogGroupSummary summary() {
        return new LogGroupSummary(name, arn, creationTime, retentionInDays, storedBytes, arrivals.size(), dropped);
    }

    synchronized void setRetentionInDays(Integer days) {
        retentionInDays = days;
    }

    /** Creates a stream; false when it exists. */
    synchronized boolean createStream(String streamName, long now) {
        if (streams.containsKey(streamName)) {
            return false;
        }
        streams.put(streamName, new Stream(streamName, now));
        return true;
    }

    synchronized boolean hasStream(String streamName) {
        return streams.containsKey(streamName);
    }

    /** Deletes a stream and its events; false when there was none. */
    synchronized boolean deleteStream(String streamName) {
        Stream stream = streams.remove(streamName);
        if (stream == null) {
            return false;
        }
        arrivals.removeIf(event -> event.streamName().equals(streamName));
        storedBytes -= stream.storedBytes;
        return true;
    }

    /**
     * Adds events to a stream (made when {@code create} and missing), then drops the group's oldest events while it
     * is over its limits.
     *
     * @return false when the stream does not exist and {@code create} is false
     */
    synchronized boolean add(String streamName, List<LogEvent> events, boolean create, long now) {
        Stream stream = streams.get(streamName);
        if (stream == null) {
            if (!create) {
                return false;
            }
            stream = new Stream(streamName, now);
            streams.put(streamName, stream);
        }
        for (LogEvent event : events) {
            long size = event.sizeBytes();
            stream.events.addLast(event);
            stream.storedBytes += size;
            stream.lastIngestionTime = event.ingestionTime();
            arrivals.addLast(event);
            storedBytes += size;
        }
        while (limits.exceededBy(arrivals.size(), storedBytes)) {
            dropOldest();
        }
        return true;
    }

    private void dropOldest() {
        LogEvent oldest = arrivals.removeFirst();
        long size = oldest.sizeBytes();
        storedBytes -= size;
        dropped++;
        Stream stream = streams.get(oldest.streamName());
        if (stream == null) {
            return;
        }
        // Per stream the arrival order is the group's: the group's oldest event is its stream's first.
        stream.events.removeFirst();
        stream.storedBytes -= size;
        if (stream.events.isEmpty()) {
            streams.remove(stream.name);
        }
    }

    synchronized List<LogStreamSummary> streams() {
        List<LogStreamSummary> all = new ArrayList<>(streams.size());
        for (Stream stream : streams.values()) {
            Long first = null;
            Long last = null;
            for (LogEvent event : stream.events) {
                first = first == null ? event.timestamp() : Math.min(first, event.timestamp());
                last = last == null ? event.timestamp() : Math.max(last, event.timestamp());
            }
            all.add(new LogStreamSummary(stream.name, arn + ":log-stream:" + stream.name, stream.creationTime, first,
                    last, stream.events.isEmpty() ? null : stream.lastIngestionTime, stream.storedBytes));
        }
        return all;
    }

    /** The events of one stream in read order (time, then arrival), or null when the stream does not exist. */
    synchronized List<LogEvent> events(String streamName) {
        Stream stream = streams.get(streamName);
        if (stream == null) {
            return null;
        }
        List<LogEvent> events = new ArrayList<>(stream.events);
        events.sort(LogEvent.ORDER);
        return events;
    }

    /** The events of the streams {@code streamSelected} accepts that {@code match} accepts, in read order. */
    List<LogEvent> events(Predicate<String> streamSelected, Predicate<LogEvent> match) {
        List<LogEvent> candidates = new ArrayList<>();
        synchronized (this) {
            for (Stream stream : streams.values()) {
                if (streamSelected.test(stream.name)) {
                    candidates.addAll(stream.events);
                }
            }
        }
        // Matching (a filter pattern) runs outside the lock: writers go on meanwhile.
        List<LogEvent> matched = new ArrayList<>();
        for (LogEvent event : candidates) {
            if (match.test(event)) {
                matched.add(event);
            }
        }
        matched.sort(LogEvent.ORDER);
        return matched;
    }
}
