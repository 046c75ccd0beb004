package dev.sluice.local.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * One row of the reliability suite: what a scenario sent and what became of it. Messages (or events) sent and
 * acknowledged are either processed, in a dead-letter queue, or lost; lost must be 0. Requests that must be refused
 * (malformed, cross-origin) count as processed when refused with an AWS error and as lost when they got through or
 * went unanswered. Duplicated counts deliveries beyond the first (SQS is at-least-once). Written to
 * {@code target/reliability/<scenario>.json}; {@link ReliabilityTable} renders docs/RELIABILITY.md's table from those
 * files.
 */
public record Tally(String scenario, String unit, long sent, long processed, long inDlq, long lost, long duplicated,
                    double seconds, String note, String measured) {

    /** Every scenario of the suite, in the order of the doc's table. */
    public static final List<String> SCENARIOS = List.of("environment-kills", "crash-restart-persist",
            "poison-bodies", "malformed-requests", "malformed-templates", "cross-origin-and-rebinding",
            "concurrent-clients");

    /** Where the suite writes its rows (the module's target folder; the tests run in the module's folder). */
    public static final Path DIR = Path.of("target", "reliability");

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public Tally {
        if (!SCENARIOS.contains(scenario)) {
            throw new IllegalArgumentException("unknown scenario " + scenario + " (add it to Tally.SCENARIOS)");
        }
    }

    public static Tally of(String scenario, String unit, long sent, long processed, long inDlq, long lost,
                           long duplicated, double seconds, String note) {
        return new Tally(scenario, unit, sent, processed, inDlq, lost, duplicated, Math.round(seconds * 10) / 10.0,
                note, Instant.now().toString().substring(0, 10) + ", " + Runtime.getRuntime().availableProcessors()
                        + " cores");
    }

    /** Writes this row to {@link #DIR}; returns it. */
    public Tally write() {
        try {
            Files.createDirectories(DIR);
            JSON.writeValue(DIR.resolve(scenario + ".json").toFile(), this);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Tally read(Path file) {
        try {
            JsonNode node = JSON.readTree(file.toFile());
            return new Tally(node.get("scenario").asText(), node.get("unit").asText(), node.get("sent").asLong(),
                    node.get("processed").asLong(), node.get("inDlq").asLong(), node.get("lost").asLong(),
                    node.get("duplicated").asLong(), node.get("seconds").asDouble(), node.get("note").asText(),
                    node.get("measured").asText());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
