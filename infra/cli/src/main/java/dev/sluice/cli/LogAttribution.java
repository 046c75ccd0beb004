package dev.sluice.cli;

import java.math.BigInteger;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilteredLogEvent;

/**
 * Which invocation each line of a Lambda function's log belongs to. A log stream is one execution environment, which
 * runs one invocation at a time, so a line belongs to the request whose {@code START RequestId: ...} came last in its
 * stream, until that request's {@code REPORT}. Events must be {@link #accept accepted} in read order
 * ({@link #ORDER}); the state per stream carries over from one batch of events to the next ({@code --follow}).
 */
final class LogAttribution {

    /** By timestamp, then by event id when both are numbers (CloudWatch Logs' and the local cloud's are). */
    static final Comparator<FilteredLogEvent> ORDER = Comparator
            .comparingLong((FilteredLogEvent e) -> e.timestamp() == null ? 0 : e.timestamp())
            .thenComparing((a, b) -> isNumber(a.eventId()) && isNumber(b.eventId())
                    ? new BigInteger(a.eventId()).compareTo(new BigInteger(b.eventId())) : 0);

    private static final Pattern MARKER = Pattern.compile("^(START|END|REPORT) RequestId: ([0-9a-fA-F-]+)");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);
    /** A FilterLogEvents pattern for the lines that open and close invocations (to attribute filtered lines). */
    static final String MARKERS_PATTERN = "?\"START RequestId: \" ?\"END RequestId: \" ?\"REPORT RequestId: \"";

    private final Map<String, String> current = new HashMap<>();

    /** The request {@code event} belongs to, or null when it came outside an invocation (init, between them). */
    String accept(FilteredLogEvent event) {
        String stream = event.logStreamName();
        Matcher marker = MARKER.matcher(event.message() == null ? "" : event.message());
        if (!marker.find()) {
            return current.get(stream);
        }
        String requestId = marker.group(2);
        switch (marker.group(1)) {
            case "START" -> current.put(stream, requestId);
            case "REPORT" -> current.remove(stream);
            default -> {
                // END: the REPORT still follows
            }
        }
        return requestId;
    }

    /**
     * One line per line of the message: {@code 2026-12-02T10:00:00.123Z 6c707734 a89c8c64 <text>}, the environment
     * as its stream's first 8 hex digits (as the local cloud's console shows it) and the request id's first 8
     * characters ({@code -} outside an invocation).
     */
    static String format(FilteredLogEvent event, String requestId) {
        String prefix = TIME.format(Instant.ofEpochMilli(event.timestamp() == null ? 0 : event.timestamp())) + " "
                + environment(event.logStreamName()) + " "
                + (requestId == null ? "-       " : requestId.length() > 8 ? requestId.substring(0, 8) : requestId)
                + " ";
        String message = event.message() == null ? "" : event.message().stripTrailing();
        return prefix + message.replace("\n", "\n" + prefix);
    }

    /** {@code 2026/12/02/[$LATEST]6c707734...} -> {@code 6c707734}; another stream name as it is. */
    static String environment(String stream) {
        if (stream == null) {
            return "-";
        }
        int bracket = stream.lastIndexOf(']');
        String id = bracket < 0 ? stream : stream.substring(bracket + 1);
        return id.length() > 8 && bracket >= 0 ? id.substring(0, 8) : id;
    }

    private static boolean isNumber(String text) {
        return text != null && !text.isEmpty() && text.length() < 100 && text.chars().allMatch(Character::isDigit);
    }
}
