package dev.sluice.local.logs;

/**
 * A log stream as it is now; the event times are null while it holds no event.
 *
 * @param arn {@code arn:aws:logs:<region>:<account>:log-group:<group>:log-stream:<name>}
 */
public record LogStreamSummary(String name, String arn, long creationTime, Long firstEventTimestamp,
                               Long lastEventTimestamp, Long lastIngestionTime, long storedBytes) {
}
