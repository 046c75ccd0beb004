package dev.sluice.scaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class ScalingSettingTest {

    static Stream<Arguments> checks() {
        return Stream.of(
                Arguments.of("lowest", ScalingSetting.TARGET_BACKLOG_PER_ENVIRONMENT, 1, null),
                Arguments.of("highest", ScalingSetting.TARGET_BACKLOG_PER_ENVIRONMENT, 1_000_000, null),
                Arguments.of("below", ScalingSetting.TARGET_BACKLOG_PER_ENVIRONMENT, 0,
                        "targetBacklogPerEnvironment must be between 1 and 1000000 (given 0)"),
                Arguments.of("above", ScalingSetting.MAXIMUM, 1001, "maximum must be between 1 and 1000 (given 1001)"),
                Arguments.of("string", ScalingSetting.MINIMUM, " 3 ", null),
                Arguments.of("whole double", ScalingSetting.MINIMUM, 3.0, null),
                Arguments.of("fraction", ScalingSetting.MINIMUM, 2.5, "minimum must be a whole number (given '2.5')"),
                Arguments.of("text", ScalingSetting.POLL_INTERVAL_MILLIS, "fast",
                        "pollIntervalMillis must be a whole number (given 'fast')"),
                Arguments.of("flag", ScalingSetting.SCALE_ON_DELAYED, "TRUE", null),
                Arguments.of("flag boolean", ScalingSetting.SCALE_ON_DELAYED, false, null),
                Arguments.of("flag not boolean", ScalingSetting.SCALE_ON_IN_FLIGHT, "yes",
                        "scaleOnInFlight must be true or false (given 'yes')"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("checks")
    void checkNamesTheKeyTheRuleAndTheValue(String name, ScalingSetting setting, Object value, String problem) {
        assertThat(setting.check(value)).isEqualTo(problem);
    }

    @Test
    void parseGivesLongsAndBooleans() {
        assertThat(ScalingSetting.MAX_STEP_UP.parse("7")).isEqualTo(7L);
        assertThat(ScalingSetting.SCALE_ON_DELAYED.parse("true")).isEqualTo(Boolean.TRUE);
        assertThatThrownBy(() -> ScalingSetting.MAX_STEP_UP.parse(0))
                .hasMessage("maxStepUp must be between 1 and 1000 (given 0)");
    }

    @ParameterizedTest
    @EnumSource(ScalingSetting.class)
    void everyDefaultIsInItsRange(ScalingSetting setting) {
        assertThat(setting.check(setting.defaultValue())).isNull();
        assertThat(ScalingSetting.byKey(setting.key())).contains(setting);
    }

    @Test
    void keysAreInDocumentationOrder() {
        assertThat(ScalingSetting.keys()).startsWith("targetBacklogPerEnvironment", "minimum", "maximum")
                .endsWith("scaleOnInFlight", "scaleOnDelayed").hasSize(ScalingSetting.values().length);
    }

    /** docs/SCALING.md's table: a row per setting, with the declared range and default; no other key. */
    @Test
    void theScalingGuideShowsEverySettingAsDeclared() throws IOException {
        Map<String, List<String>> rows = tableRows(Path.of("../../docs/SCALING.md"));

        assertThat(rows.keySet()).containsExactlyElementsOf(ScalingSetting.keys());
        for (ScalingSetting setting : ScalingSetting.values()) {
            List<String> cells = rows.get(setting.key());
            assertThat(cells.get(0)).as(setting.key() + " range").startsWith(setting.range());
            assertThat(cells.get(1)).as(setting.key() + " default").containsPattern("(^|\\W)"
                    + setting.defaultText() + "(\\W|$)");
        }
    }

    /** Rows of the markdown tables whose first cell is a `key`: key -> the cells after it. */
    private static Map<String, List<String>> tableRows(Path doc) throws IOException {
        Map<String, List<String>> rows = new LinkedHashMap<>();
        for (String line : Files.readAllLines(doc)) {
            if (line.startsWith("| `")) {
                List<String> cells = Stream.of(line.split("\\|")).map(String::strip).filter(c -> !c.isEmpty()).toList();
                String key = cells.get(0).replace("`", "");
                if (ScalingSetting.byKey(key).isPresent() || key.matches("[a-z][A-Za-z]+")) {
                    rows.put(key, cells.subList(1, cells.size()));
                }
            }
        }
        return rows;
    }
}
