package dev.sluice.local.reliability;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Renders docs/RELIABILITY.md's table from the rows the reliability suite wrote ({@link Tally#DIR}): the lines between
 * {@value #BEGIN} and {@value #END} are replaced, rows of scenarios not run this time are kept as they were.
 *
 * <pre>
 * ./mvnw -B -ntp -q verify -pl local -am -Dtest='Reliability*Test' -Dsurefire.failIfNoSpecifiedTests=false
 * ./mvnw -B -ntp -q verify -pl local -am -Dtest=ReliabilityTableTest -Dreliability.render=true \
 *     -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 */
public final class ReliabilityTable {

    static final String BEGIN = "<!-- reliability-table:begin (rendered by ReliabilityTable from local/target/reliability) -->";
    static final String END = "<!-- reliability-table:end -->";
    static final String HEADER = "| scenario | unit | sent | processed | in DLQ | lost | duplicated | seconds | measured | what happened |\n"
            + "|---|---|---:|---:|---:|---:|---:|---:|---|---|";

    private ReliabilityTable() {
    }

    public static void main(String[] args) throws IOException {
        Path doc = Path.of(args.length > 0 ? args[0] : "../docs/RELIABILITY.md");
        Path rows = args.length > 1 ? Path.of(args[1]) : Tally.DIR;
        Files.writeString(doc, render(Files.readString(doc), read(rows)), StandardCharsets.UTF_8);
        System.out.println("rendered " + doc);
    }

    /** The rows in {@code dir}, in {@link Tally#SCENARIOS} order. */
    static List<Tally> read(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".json")).map(Tally::read)
                    .sorted(Comparator.comparingInt(t -> Tally.SCENARIOS.indexOf(t.scenario()))).toList();
        }
    }

    /** {@code doc} with its table made of {@code fresh} rows and, for scenarios not in them, its old rows. */
    static String render(String doc, List<Tally> fresh) {
        int begin = doc.indexOf(BEGIN);
        int end = doc.indexOf(END);
        if (begin < 0 || end < begin) {
            throw new IllegalArgumentException("the doc has no table markers (" + BEGIN + " ... " + END + ")");
        }
        Map<String, String> rows = new LinkedHashMap<>(rows(doc));
        for (Tally tally : fresh) {
            rows.put(tally.scenario(), row(tally));
        }
        List<String> lines = new ArrayList<>();
        lines.add(HEADER);
        for (String scenario : Tally.SCENARIOS) {
            if (rows.containsKey(scenario)) {
                lines.add(rows.get(scenario));
            }
        }
        return doc.substring(0, begin + BEGIN.length()) + "\n" + String.join("\n", lines) + "\n" + doc.substring(end);
    }

    /** The table rows of {@code doc} by scenario (first cell). */
    static Map<String, String> rows(String doc) {
        int begin = doc.indexOf(BEGIN);
        int end = doc.indexOf(END);
        Map<String, String> rows = new LinkedHashMap<>();
        if (begin < 0 || end < begin) {
            return rows;
        }
        for (String line : doc.substring(begin + BEGIN.length(), end).split("\n")) {
            String[] cells = line.split("\\|");
            if (cells.length > 2 && !cells[1].isBlank() && !cells[1].strip().equals("scenario")
                    && !cells[1].startsWith("---")) {
                rows.put(cells[1].strip().replace("`", ""), line);
            }
        }
        return rows;
    }

    /** A row's cells (without the outer pipes), stripped. */
    static List<String> cells(String row) {
        String[] cells = row.split("\\|");
        List<String> out = new ArrayList<>();
        for (int i = 1; i < cells.length; i++) {
            out.add(cells[i].strip());
        }
        return out;
    }

    static String row(Tally t) {
        return "| `" + t.scenario() + "` | " + t.unit() + " | " + t.sent() + " | " + t.processed() + " | " + t.inDlq()
                + " | " + t.lost() + " | " + t.duplicated() + " | " + t.seconds() + " | " + t.measured() + " | "
                + t.note().replace("|", "\\|").replace("\n", " ") + " |";
    }
}
