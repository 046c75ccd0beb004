package dev.sluice.local.logs;

import java.util.Comparator;

/**
 * One stored log event.
 *
 * @param sequence      the store's ingestion counter: unique, increasing in the order events arrived
 * @param streamName    the log stream it belongs to
 * @param timestamp     when it happened, epoch milliseconds (given by the writer)
 * @param ingestionTime when the store took it, epoch milliseconds
 * @param message       the text, without a line break at the end
 */
public record LogEvent(long sequence, String streamName, long timestamp, long ingestionTime, String message) {

    /** What CloudWatch Logs counts per event besides its message's UTF-8 bytes (PutLogEvents, stored bytes). */
    public static final int OVERHEAD_BYTES = 26;

    /** The order events are read in: by timestamp, then in the order they arrived. */
    public static final Comparator<LogEvent> ORDER = Comparator.comparingLong(LogEvent::timestamp)
            .thenComparingLong(LogEvent::sequence);

    /** CloudWatch Logs' {@code eventId}: 56 digits, unique in the store, ordered as the events arrived. */
    public String eventId() {
        return String.format("%056d", sequence);
    }

    /** Message bytes (UTF-8) plus the per-event overhead, as CloudWatch Logs counts them. */
    public long sizeBytes() {
        return sizeBytes(message);
    }

    static long sizeBytes(String message) {
        return utf8Length(message) + OVERHEAD_BYTES;
    }

    /** The UTF-8 length of {@code text}, without encoding it. */
    static int utf8Length(String text) {
        int bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}
