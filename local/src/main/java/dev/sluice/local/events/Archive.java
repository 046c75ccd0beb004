package dev.sluice.local.events;

import com.fasterxml.jackson.databind.JsonNode;
import software.amazon.event.ruler.Machine;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * One archive of a bus: its settings and the events it kept, oldest first. Events are appended as PutEvents routes
 * them and dropped when they pass the retention period or the archive holds {@link #MAX_EVENTS} (the local cloud's
 * memory bound; AWS has none). Changes are serialised on this object.
 */
final class Archive {

    /**
     * At most this many events per archive, oldest dropped first: about 10 MB of memory at 1 KB per event, enough to
     * replay a debugging session; AWS keeps everything for RetentionDays (0: forever).
     */
    static final int MAX_EVENTS = 10_000;

    /** One kept event: its time (replays select on it), when the bus received it, the envelope, and its store id. */
    record Kept(Instant eventTime, Instant receivedAt, JsonNode envelope, int size, long storeId) {
    }

    final String name;
    final String arn;
    final String busName;
    final String busArn;
    final Instant created;
    private String description;
    private String pattern;
    private int retentionDays;
    /** The pattern compiled; null matches every event (an archive without a pattern keeps all). */
    private Machine machine;
    private final Deque<Kept> events = new ArrayDeque<>();
    private long sizeBytes;

    Archive(String name, String arn, String busName, String busArn, Instant created, String description,
            String pattern, int retentionDays) {
        this.name = name;
        this.arn = arn;
        this.busName = busName;
        this.busArn = busArn;
        this.created = created;
        update(description, pattern, retentionDays);
    }

    /** Replaces the settings given (null: unchanged); a new pattern applies to events from now on, as on AWS. */
    synchronized void update(String newDescription, String newPattern, Integer newRetentionDays) {
        if (newDescription != null) {
            description = newDescription;
        }
        if (newPattern != null) {
            pattern = newPattern;
            machine = compile(newPattern);
        }
        if (newRetentionDays != null) {
            retentionDays = newRetentionDays;
        }
    }

    private static Machine compile(String pattern) {
        Machine machine = Machine.builder().build();
        try {
            machine.addRule("archive", pattern);
        } catch (Exception e) {
            // CreateArchive and UpdateArchive checked it; one that still fails is a bug, not user input
            throw new IllegalStateException("archive pattern does not compile: " + pattern, e);
        }
        return machine;
    }

    synchronized boolean matches(JsonNode envelope) {
        return machine == null || !machine.rulesForJSONEvent(envelope).isEmpty();
    }

    /** Keeps an event; calls {@code dropped} with the store id of each event pushed out by the cap or retention. */
    synchronized void keep(Kept event, Instant now, LongConsumer dropped) {
        events.addLast(event);
        sizeBytes += event.size();
        expire(now, dropped);
    }

    /** Drops the events past their retention or over the cap. */
    synchronized void expire(Instant now, LongConsumer dropped) {
        Instant oldest = retentionDays == 0 ? Instant.MIN : now.minus(Duration.ofDays(retentionDays));
        while (!events.isEmpty() && (events.size() > MAX_EVENTS || events.peekFirst().receivedAt().isBefore(oldest))) {
            Kept gone = events.removeFirst();
            sizeBytes -= gone.size();
            dropped.accept(gone.storeId());
        }
    }

    /** The kept events whose time is in [from, to), oldest event time first (AWS replays minute by minute). */
    synchronized List<Kept> between(Instant from, Instant to) {
        List<Kept> selected = new ArrayList<>();
        for (Kept e : events) {
            if (!e.eventTime().isBefore(from) && e.eventTime().isBefore(to)) {
                selected.add(e);
            }
        }
        selected.sort((a, b) -> a.eventTime().compareTo(b.eventTime()));
        return selected;
    }

    synchronized List<Long> storeIds() {
        return events.stream().map(Kept::storeId).toList();
    }

    synchronized String description() {
        return description;
    }

    synchronized String pattern() {
        return pattern;
    }

    synchronized int retentionDays() {
        return retentionDays;
    }

    synchronized long eventCount() {
        return events.size();
    }

    synchronized long sizeBytes() {
        return sizeBytes;
    }
}
