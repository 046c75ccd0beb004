package dev.sluice.cli;

import dev.sluice.local.core.Arn;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilterLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilteredLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceNotFoundException;

/**
 * {@code sluice logs}: a function's log group ({@code /aws/lambda/<function>}) through FilterLogEvents, the same code
 * for the local cloud's CloudWatch Logs and AWS's. Each line shows its environment (log stream) and the request it
 * belongs to ({@link LogAttribution}); {@code --follow} polls with the last event's time as the next start and skips
 * events already shown (by event id).
 */
@Command(name = "logs", mixinStandardHelpOptions = true, versionProvider = SluiceVersion.class,
        header = "Show a function's log: each environment's output with its request ids.",
        description = {"Reads the function's log group /aws/lambda/FUNCTION with FilterLogEvents: from the local cloud",
                "with --endpoint-url (or $SLUICE_ENDPOINT_URL), else from CloudWatch Logs in your AWS account.",
                "Each line: time (UTC), environment (the first 8 hex digits of its log stream), request id (first 8",
                "characters; '-' outside an invocation), then the message."},
        footer = {"", "Examples:",
                "  sluice logs processTask --endpoint-url http://127.0.0.1:4566 --follow",
                "  sluice logs processTask --since 1h --filter ERROR",
                "  sluice logs processTask --since 2026-12-02T10:00:00Z --filter '\"Task timed out\"'", ""})
final class LogsCommand extends AwsCommand {

    /** How far back --follow reads again each time, so that events stored late (out of order) are not missed. */
    static final Duration FOLLOW_OVERLAP = Duration.ofSeconds(5);
    static final Duration FOLLOW_INTERVAL = Duration.ofSeconds(1);
    private static final Pattern AGO = Pattern.compile("(\\d+)\\s*(s|m|h|d|w)");

    @Parameters(index = "0", paramLabel = "FUNCTION", description = "The function's name or ARN.")
    String function;

    @Option(names = {"-f", "--follow"}, description = "Keep polling for new lines (every second) until Ctrl-C.")
    boolean follow;

    @Option(names = "--since", paramLabel = "WHEN", defaultValue = "10m",
            description = "Start this long ago (30s, 5m, 1h, 2d, 1w) or at this time (2026-12-02T10:00:00Z, or a"
                    + " local date-time such as 2026-12-02T11:00). Default: ${DEFAULT-VALUE}.")
    String since;

    @Option(names = "--filter", paramLabel = "PATTERN",
            description = "Only lines matching this CloudWatch Logs filter pattern: terms (ERROR), quoted phrases"
                    + " (\"Task timed out\"), ?alternatives, -exclusions.")
    String filter;

    @Option(names = "--polls", paramLabel = "N", hidden = true, description = "With --follow, stop after N polls.")
    Integer polls;

    private final LogAttribution attribution = new LogAttribution();
    /** Event ids shown, with their timestamps, back to the start of the current overlap window. */
    private final Map<String, Long> shown = new HashMap<>();

    @Override
    public Integer call() throws InterruptedException {
        Instant start = parseSince(since, Instant.now(), ZoneId.systemDefault());
        if (start == null) {
            throw usage("--since must be a duration such as 30s, 5m, 1h, 2d or a"
                    + " time such as 2026-12-02T10:00:00Z (given '" + since + "')");
        }
        if (polls != null && (!follow || polls < 1)) {
            throw usage("--polls needs --follow and at least 1");
        }
        String group = "/aws/lambda/" + Arn.functionName(function);
        PrintWriter out = out();
        PrintWriter err = err();
        try (CloudWatchLogsClient logs = aws.client(CloudWatchLogsClient.builder())) {
            long from = start.toEpochMilli();
            boolean waitingNoted = false;
            for (int poll = 1; ; poll++) {
                Fetched fetched;
                try {
                    fetched = fetch(logs, group, from);
                } catch (ResourceNotFoundException e) {
                    if (!follow) {
                        throw new CommandFailure("no log group " + group + " at " + aws.describeEndpoint()
                                + ": the function has not run there yet, or it has another name");
                    }
                    if (!waitingNoted) {
                        err.println("(waiting for " + group + " to appear at " + aws.describeEndpoint() + ")");
                        err.flush();
                        waitingNoted = true;
                    }
                    fetched = new Fetched(List.of(), Set.of());
                }
                int printed = print(fetched, out);
                if (!follow) {
                    if (printed == 0) {
                        err.println("(no log events in " + group + " since " + start + (filter == null ? ""
                                : " matching " + filter) + ")");
                        err.flush();
                    }
                    return 0;
                }
                long latest = fetched.events().stream().mapToLong(e -> e.timestamp() == null ? 0 : e.timestamp()).max()
                        .orElse(from);
                from = Math.max(from, latest - FOLLOW_OVERLAP.toMillis());
                long windowStart = from;
                shown.values().removeIf(timestamp -> timestamp < windowStart);
                if (polls != null && poll >= polls) {
                    return 0;
                }
                Thread.sleep(FOLLOW_INTERVAL.toMillis());
            }
        }
    }

    /**
     * The events since {@code from} in read order, and which of them match the filter: with a filter, the START, END
     * and REPORT lines come too (they say which request the others belong to) but are shown only if they match.
     */
    private record Fetched(List<FilteredLogEvent> events, Set<String> matching) {
    }

    private Fetched fetch(CloudWatchLogsClient logs, String group, long from) {
        Map<String, FilteredLogEvent> events = new LinkedHashMap<>();
        query(logs, group, from, filter).forEach(e -> events.put(e.eventId(), e));
        Set<String> matching = new HashSet<>(events.keySet());
        if (filter != null && !filter.isBlank()) {
            query(logs, group, from, LogAttribution.MARKERS_PATTERN).forEach(e -> events.putIfAbsent(e.eventId(), e));
        }
        List<FilteredLogEvent> sorted = new ArrayList<>(events.values());
        sorted.sort(LogAttribution.ORDER);
        return new Fetched(sorted, matching);
    }

    private static List<FilteredLogEvent> query(CloudWatchLogsClient logs, String group, long from, String pattern) {
        List<FilteredLogEvent> events = new ArrayList<>();
        for (FilterLogEventsResponse page : logs.filterLogEventsPaginator(r -> r.logGroupName(group).startTime(from)
                .filterPattern(pattern == null || pattern.isBlank() ? null : pattern))) {
            events.addAll(page.events());
        }
        return events;
    }

    /** Prints the matching events not shown yet; every new event moves the attribution on. */
    private int print(Fetched fetched, PrintWriter out) {
        int printed = 0;
        for (FilteredLogEvent event : fetched.events()) {
            if (shown.containsKey(event.eventId())) {
                continue;
            }
            shown.put(event.eventId(), event.timestamp() == null ? 0L : event.timestamp());
            String requestId = attribution.accept(event);
            if (fetched.matching().contains(event.eventId())) {
                out.println(LogAttribution.format(event, requestId));
                printed++;
            }
        }
        out.flush();
        return printed;
    }

    /**
     * {@code 5m} (that long before {@code now}), an ISO instant or offset date-time, or a local date-time in
     * {@code zone}; null when it is none of these.
     */
    static Instant parseSince(String text, Instant now, ZoneId zone) {
        String value = text.strip();
        Matcher ago = AGO.matcher(value);
        if (ago.matches()) {
            long amount = Long.parseLong(ago.group(1));
            Duration unit = switch (ago.group(2)) {
                case "s" -> Duration.ofSeconds(1);
                case "m" -> Duration.ofMinutes(1);
                case "h" -> Duration.ofHours(1);
                case "d" -> Duration.ofDays(1);
                default -> Duration.ofDays(7);
            };
            return now.minus(unit.multipliedBy(amount));
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException notInstant) {
            // try the next form
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException notOffset) {
            // try the next form
        }
        try {
            return LocalDateTime.parse(value).atZone(zone).toInstant();
        } catch (DateTimeParseException notLocal) {
            return null;
        }
    }
}
