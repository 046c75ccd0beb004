package dev.sluice.cli;

import dev.sluice.local.core.Arn;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.DescribeArchiveResponse;
import software.amazon.awssdk.services.eventbridge.model.DescribeReplayResponse;
import software.amazon.awssdk.services.eventbridge.model.ReplayState;
import software.amazon.awssdk.services.eventbridge.model.ResourceNotFoundException;

/**
 * {@code sluice replay}: starts an EventBridge replay of an archive into its bus (all its rules, or those named) and
 * follows it to the end, printing each state it passes. Works the same on AWS, LocalStack and the local cloud.
 */
@Command(name = "replay", mixinStandardHelpOptions = true, versionProvider = SluiceVersion.class,
        header = "Replay an EventBridge archive's events into its bus and follow the replay to the end.",
        footer = {"", "Examples:",
                "  sluice replay --archive invoices-archive --from 1h",
                "  sluice replay --archive invoices-archive --from 2026-12-02T10:00:00Z --to 2026-12-02T11:00:00Z"
                        + " --rule InvoiceIssued", ""})
final class ReplayCommand extends AwsCommand {

    /** How often the replay's state is read while following it. */
    static final Duration POLL = Duration.ofMillis(500);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
            .withZone(ZoneOffset.UTC);

    @Option(names = "--archive", required = true, paramLabel = "NAME", description = "The archive (name or ARN).")
    String archive;

    @Option(names = "--from", paramLabel = "WHEN", description = "Replay events from this time on: a duration ago"
            + " (30m, 2h, 1d) or a time (2026-12-02T10:00:00Z). Default: when the archive was created.")
    String from;

    @Option(names = "--to", paramLabel = "WHEN", description = "Replay events before this time (same forms)."
            + " Default: now.")
    String to;

    @Option(names = "--name", paramLabel = "NAME", description = "The replay's name (1-64 of A-Z a-z 0-9 . - _)."
            + " Default: <archive>-<UTC time>.")
    String name;

    @Option(names = "--rule", paramLabel = "RULE", description = "Replay only to this rule of the bus (name or ARN);"
            + " repeatable. Default: every rule of the bus.")
    List<String> rules = new ArrayList<>();

    @Override
    public Integer call() throws InterruptedException {
        Instant now = Instant.now();
        Instant end = to == null ? now : time("--to", to, now);
        PrintWriter out = out();
        try (EventBridgeClient events = aws.client(EventBridgeClient.builder())) {
            DescribeArchiveResponse source = describe(events, Arn.nameOf(archive));
            Instant start = from == null ? source.creationTime() : time("--from", from, now);
            if (!end.isAfter(start)) {
                throw usage("--to must be after --from (given " + start + " and " + end + ")");
            }
            String busName = Arn.nameOf(source.eventSourceArn());
            List<String> filterArns = new ArrayList<>();
            for (String rule : rules) {
                filterArns.add(Arn.find(rule).isPresent() ? rule : ruleArn(events, busName, rule));
            }
            String replayName = name != null ? name : defaultName(source.archiveName(), now);
            events.startReplay(r -> r.replayName(replayName).eventSourceArn(source.archiveArn())
                    .eventStartTime(start).eventEndTime(end)
                    .destination(d -> d.arn(source.eventSourceArn()).filterArns(filterArns.isEmpty() ? null
                            : filterArns)));
            out.println("Replay " + replayName + " of " + source.archiveName() + " (" + source.eventCount()
                    + " archived event(s)) from " + start + " to " + end + " into bus " + busName
                    + (rules.isEmpty() ? "" : ", rules " + String.join(", ", rules)));
            out.flush();
            return follow(events, replayName, out);
        }
    }

    private int follow(EventBridgeClient events, String replayName, PrintWriter out) throws InterruptedException {
        ReplayState shown = null;
        while (true) {
            DescribeReplayResponse replay = events.describeReplay(r -> r.replayName(replayName));
            if (replay.state() != shown) {
                shown = replay.state();
                out.println("  " + shown + (replay.eventLastReplayedTime() == null ? ""
                        : " (last event replayed: " + replay.eventLastReplayedTime() + ")"));
                out.flush();
            }
            switch (replay.state()) {
                case COMPLETED:
                    return 0;
                case CANCELLED:
                    throw new CommandFailure("replay " + replayName + " was cancelled");
                case FAILED:
                    throw new CommandFailure("replay " + replayName + " failed: " + replay.stateReason());
                default:
                    Thread.sleep(POLL.toMillis());
            }
        }
    }

    private DescribeArchiveResponse describe(EventBridgeClient events, String archiveName) {
        try {
            return events.describeArchive(r -> r.archiveName(archiveName));
        } catch (ResourceNotFoundException e) {
            throw new CommandFailure("no archive named '" + archiveName + "' at " + aws.describeEndpoint());
        }
    }

    private String ruleArn(EventBridgeClient events, String busName, String rule) {
        try {
            return events.describeRule(r -> r.name(rule).eventBusName(busName)).arn();
        } catch (ResourceNotFoundException e) {
            throw new CommandFailure("no rule named '" + rule + "' on bus " + busName);
        }
    }

    private Instant time(String option, String text, Instant now) {
        Instant parsed = LogsCommand.parseSince(text, now, ZoneId.systemDefault());
        if (parsed == null) {
            throw usage(option + " must be a duration such as 30m, 2h, 1d or a"
                    + " time such as 2026-12-02T10:00:00Z (given '" + text + "')");
        }
        return parsed;
    }

    /** {@code <archive>-<yyyyMMdd-HHmmss>}, the archive part cut so that the name stays within 64 characters. */
    static String defaultName(String archiveName, Instant now) {
        String stamp = STAMP.format(now);
        String base = archiveName.length() > 64 - stamp.length() - 1
                ? archiveName.substring(0, 64 - stamp.length() - 1) : archiveName;
        return base + "-" + stamp;
    }
}
