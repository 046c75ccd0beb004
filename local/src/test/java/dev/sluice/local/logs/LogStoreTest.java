package dev.sluice.local.logs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.local.core.CloudContext;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The store's bounds: per group, oldest events first, a stream emptied by that is removed. */
class LogStoreTest {

    private static final CloudContext CONTEXT = CloudContext.local(URI.create("http://127.0.0.1:4566"), "us-east-1");
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-02T10:00:00Z"), ZoneOffset.UTC);

    /** A store keeping {@code maxEvents} and {@code maxBytes} per group, holding {@code events} in group /g. */
    private static LogStore storeOf(int maxEvents, long maxBytes, Appended... events) {
        LogStore store = new LogStore(CONTEXT, CLOCK, new LogLimits(maxEvents, maxBytes));
        for (Appended event : events) {
            store.append("/g", event.stream(), event.timestamp(), event.message());
        }
        return store;
    }

    private record Appended(String stream, long timestamp, String message) {
    }

    private static List<String> messages(LogStore store, String group) {
        return store.events(group).stream().map(LogEvent::message).toList();
    }

    @Test
    void aGroupKeepsItsNewestEventsUpToTheEventLimit() {
        LogStore store = new LogStore(CONTEXT, CLOCK, new LogLimits(3, 1_000_000));
        for (int i = 0; i < 5; i++) {
            store.append("/aws/lambda/f", i % 2 == 0 ? "even" : "odd", 1000 + i, "event " + i);
        }

        assertThat(messages(store, "/aws/lambda/f")).containsExactly("event 2", "event 3", "event 4");
        assertThat(store.group("/aws/lambda/f").orElseThrow().dropped()).isEqualTo(2);
        assertThat(store.group("/aws/lambda/f").orElseThrow().events()).isEqualTo(3);
    }

    @Test
    void aGroupKeepsItsNewestEventsUpToTheByteLimitCountingTheOverhead() {
        LogStore store = new LogStore(CONTEXT, CLOCK, new LogLimits(1000, 3 * (10 + LogEvent.OVERHEAD_BYTES)));
        for (int i = 0; i < 4; i++) {
            store.append("/g", "s", 1000 + i, "0123456789"); // 10 bytes + 26
        }

        assertThat(store.events("/g")).hasSize(3);
        assertThat(store.group("/g").orElseThrow().storedBytes()).isEqualTo(3 * 36);
    }

    @Test
    void aStreamWhoseEventsWereAllDroppedIsRemovedOthersStay() {
        LogStore store = storeOf(2, 1_000_000, new Appended("old-environment", 1, "a"),
                new Appended("new-environment", 2, "b"), new Appended("new-environment", 3, "c"));

        assertThat(store.group("/g", false).streams()).extracting(LogStreamSummary::name)
                .containsExactly("new-environment");
    }

    @Test
    void oneEventLargerThanTheByteLimitIsStillKeptAlone() {
        LogStore store = storeOf(10, 40, new Appended("s", 1, "small"), new Appended("s", 2, "x".repeat(100)));

        assertThat(messages(store, "/g")).containsExactly("x".repeat(100));
    }

    @Test
    void sizesAreCountedInUtf8() {
        assertThat(LogEvent.utf8Length("aé€😀")).isEqualTo(1 + 2 + 3 + 4);
        assertThat(new LogEvent(1, "s", 0, 0, "é").sizeBytes()).isEqualTo(2 + 26);
        assertThat(new LogEvent(7, "s", 0, 0, "").eventId()).hasSize(56).endsWith("7");
    }

    @Test
    void eventsAreReadInTimeOrderThenArrival() {
        LogStore store = storeOf(100, 1_000_000, new Appended("a", 20, "second"), new Appended("b", 10, "first"),
                new Appended("a", 20, "third"));

        assertThat(messages(store, "/g")).containsExactly("first", "second", "third");
        assertThat(store.groupArn("/g")).isEqualTo("arn:aws:logs:us-east-1:000000000000:log-group:/g");
    }
}
