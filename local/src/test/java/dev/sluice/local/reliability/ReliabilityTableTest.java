package dev.sluice.local.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * docs/RELIABILITY.md's table: one row per scenario of the suite, lost 0 in each; and the generator that renders it
 * from the suite's rows. With {@code -Dreliability.render=true} this test first renders the doc from
 * {@code target/reliability} (after the suite ran in the same build).
 */
class ReliabilityTableTest {

    private static final Path DOC = Path.of("..", "docs", "RELIABILITY.md");

    @Test
    void theCommittedDocHasARowForEveryScenarioAndNoneLostAnything() throws Exception {
        if (Boolean.getBoolean("reliability.render")) {
            ReliabilityTable.main(new String[] {DOC.toString(), Tally.DIR.toString()});
        }
        Map<String, String> rows = ReliabilityTable.rows(Files.readString(DOC));

        assertThat(rows.keySet()).as("scenarios in docs/RELIABILITY.md's table").containsAll(Tally.SCENARIOS);
        rows.forEach((scenario, row) -> assertThat(ReliabilityTable.cells(row).get(5)).as("lost in " + scenario)
                .isEqualTo("0"));
    }

    @Test
    void renderReplacesRowsOfScenariosRunAndKeepsTheOthers() {
        String doc = "intro\n" + ReliabilityTable.BEGIN + "\n" + ReliabilityTable.HEADER + "\n"
                + "| `poison-bodies` | messages | 1 | 1 | 0 | 0 | 0 | 1.0 | old | kept |\n"
                + "| `environment-kills` | messages | 9 | 9 | 0 | 0 | 0 | 1.0 | old | replaced |\n"
                + ReliabilityTable.END + "\noutro\n";
        Tally fresh = Tally.of("environment-kills", "messages", 200, 198, 2, 0, 5, 12.34, "5 kills");

        String rendered = ReliabilityTable.render(doc, List.of(fresh));

        Map<String, String> rows = ReliabilityTable.rows(rendered);
        assertThat(rows.keySet()).containsExactly("environment-kills", "poison-bodies");
        assertThat(ReliabilityTable.cells(rows.get("environment-kills"))).startsWith("`environment-kills`",
                "messages", "200", "198", "2", "0", "5", "12.3");
        assertThat(rows.get("poison-bodies")).contains("kept");
        assertThat(rendered).startsWith("intro\n").endsWith(ReliabilityTable.END + "\noutro\n");
    }
}
