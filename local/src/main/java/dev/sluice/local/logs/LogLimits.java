package dev.sluice.local.logs;

/**
 * How much one log group keeps in memory: at most {@code events} events and {@code bytes} bytes (messages in UTF-8
 * plus 26 bytes per event, as CloudWatch Logs counts them) over all its streams. Beyond either, the group's oldest
 * events are dropped; one event larger than {@code bytes} is still kept, alone.
 */
public record LogLimits(int events, long bytes) {

    /** 10,000 events and 8 MiB per group (a function's log group: all its environments together). */
    public static final LogLimits DEFAULT = new LogLimits(10_000, 8L * 1024 * 1024);

    public LogLimits {
        if (events < 1 || bytes < 1) {
            throw new IllegalArgumentException("maxEventsPerGroup and maxBytesPerGroup must be at least 1 (given "
                    + events + ", " + bytes + ")");
        }
    }

    /** True when a group holding {@code count} events of {@code storedBytes} bytes must drop its oldest. */
    boolean exceededBy(int count, long storedBytes) {
        return count > events || (storedBytes > bytes && count > 1);
    }
}
