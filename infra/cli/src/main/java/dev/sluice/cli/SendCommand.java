package dev.sluice.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

/** {@code sluice send}: puts events on a bus (PutEvents, at most 10 entries per call). */
@Command(name = "send", mixinStandardHelpOptions = true, versionProvider = SluiceVersion.class,
        header = "Put events on an EventBridge bus.",
        footer = {"", "Examples:",
                "  sluice send --bus billing --source billing.invoices --detail-type InvoiceIssued --detail '{\"id\":\"inv-1\"}'",
                "  sluice send --file events.json     (one PutEvents entry, or an array of them)", ""})
final class SendCommand extends AwsCommand {

    /** PutEvents accepts at most this many entries per call. */
    static final int ENTRIES_PER_CALL = 10;

    @Option(names = "--bus", paramLabel = "NAME", defaultValue = "default",
            description = "Event bus (name or ARN) for entries that name none. Default: ${DEFAULT-VALUE}.")
    String bus;

    @Option(names = "--source", paramLabel = "SOURCE",
            description = "Source for entries that name none (required for --detail).")
    String source;

    @Option(names = "--detail-type", paramLabel = "TYPE",
            description = "Detail type for entries that name none (required for --detail).")
    String detailType;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Input input;

    static final class Input {
        @Option(names = "--file", paramLabel = "FILE",
                description = "JSON file holding a PutEvents entry {Source, DetailType, Detail, EventBusName} or an array of them.")
        Path file;

        @Option(names = "--detail", paramLabel = "JSON", description = "The event's detail, a JSON object.")
        String detail;

        @Option(names = "--entry", paramLabel = "JSON", description = "A PutEvents entry (or an array of them) as JSON.")
        String entry;
    }

    @Override
    public Integer call() {
        List<PutEventsRequestEntry> entries = entries();
        PrintWriter out = out();
        int failed = 0;
        try (EventBridgeClient events = aws.client(EventBridgeClient.builder())) {
            for (int from = 0; from < entries.size(); from += ENTRIES_PER_CALL) {
                List<PutEventsRequestEntry> chunk = entries.subList(from, Math.min(from + ENTRIES_PER_CALL, entries.size()));
                PutEventsResponse response = events.putEvents(r -> r.entries(chunk));
                List<PutEventsResultEntry> results = response.entries();
                for (int i = 0; i < results.size(); i++) {
                    PutEventsResultEntry result = results.get(i);
                    if (result.errorCode() != null) {
                        failed++;
                        warn("entry " + (from + i + 1) + " failed: " + result.errorCode()
                                + (result.errorMessage() == null ? "" : ": " + result.errorMessage()));
                    } else {
                        out.println(result.eventId());
                    }
                }
            }
        }
        out.flush();
        return failed == 0 ? 0 : 1;
    }

    private List<PutEventsRequestEntry> entries() {
        EventEntries.Defaults defaults = new EventEntries.Defaults(bus, source, detailType);
        try {
            if (input.detail != null) {
                return List.of(EventEntries.ofDetail(input.detail, "--detail", defaults));
            }
            if (input.entry != null) {
                return EventEntries.parse(input.entry, "--entry", defaults);
            }
            String name = input.file.toString();
            return new ArrayList<>(EventEntries.parse(readInput(input.file, name), name, defaults));
        } catch (EventEntries.InvalidEntries e) {
            throw usage(e.getMessage());
        }
    }
}
