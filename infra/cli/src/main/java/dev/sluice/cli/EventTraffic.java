package dev.sluice.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;

/**
 * A steady stream of events at a fixed rate, drawn from a traffic file's entries in proportion to their weights.
 * In each entry's Detail, {@code ${seq}} becomes the event's sequence number (0, 1, ...) and {@code ${uuid}} a new
 * UUID, so that every event can be told apart.
 */
final class EventTraffic {

    private final List<EventEntries.Weighted> entries;
    private final int totalWeight;
    private final int rate;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private long startedNanos = -1;
    private long next;

    EventTraffic(List<EventEntries.Weighted> entries, int rate) {
        this.entries = List.copyOf(entries);
        this.totalWeight = entries.stream().mapToInt(EventEntries.Weighted::weight).sum();
        this.rate = rate;
    }

    long sent() {
        return sent.get();
    }

    long failed() {
        return failed.get();
    }

    /** The entry for sequence number {@code n}: a fixed cycle of totalWeight slots, each entry weight slots long. */
    PutEventsRequestEntry entry(long n) {
        long slot = n % totalWeight;
        for (EventEntries.Weighted weighted : entries) {
            slot -= weighted.weight();
            if (slot < 0) {
                PutEventsRequestEntry entry = weighted.entry();
                String detail = entry.detail().replace("${seq}", Long.toString(n))
                        .replace("${uuid}", UUID.randomUUID().toString());
                return entry.toBuilder().detail(detail).build();
            }
        }
        throw new IllegalStateException("no entry for slot " + n % totalWeight);
    }

    /** Sends what is due by now at the rate, in PutEvents calls of at most 10 entries; call it often. */
    void sendDue(EventBridgeClient events) {
        long now = System.nanoTime();
        if (startedNanos < 0) {
            startedNanos = now;
        }
        long due = (now - startedNanos) * rate / 1_000_000_000L + 1;
        while (next < due) {
            List<PutEventsRequestEntry> batch = new ArrayList<>();
            while (next < due && batch.size() < SendCommand.ENTRIES_PER_CALL) {
                batch.add(entry(next++));
            }
            try {
                PutEventsResponse response = events.putEvents(b -> b.entries(batch));
                int failures = response.failedEntryCount() == null ? 0 : response.failedEntryCount();
                sent.addAndGet(batch.size() - failures);
                failed.addAndGet(failures);
            } catch (RuntimeException e) {
                failed.addAndGet(batch.size());
            }
        }
    }

    String describe() {
        return String.format(Locale.ROOT, "%d events/s drawn from %d entries", rate, entries.size());
    }
}
