package dev.sluice.local.scaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ScalingSettingsTest {

    @Test
    void defaults() {
        assertThat(values(ScalingSettings.defaults())).containsExactly(10, 0, 5, 0L, 10, 2, Duration.ofSeconds(10),
                Duration.ofSeconds(30), Duration.ofMillis(500), true, false);
    }

    @Test
    void parsesEveryKeyFromStrings() {
        ScalingSettings settings = ScalingSettings.parse(ScalingFlags.of("targetBacklogPerEnvironment=100",
                "minimum=1", "maximum=20", "activationBacklog=3", "maxStepUp=4", "maxStepDown=3",
                "scaleDownStabilisationSeconds=60", "idleToZeroSeconds=120", "pollIntervalMillis=250",
                "scaleOnInFlight=false", "scaleOnDelayed=TRUE"));

        assertThat(values(settings)).containsExactly(100, 1, 20, 3L, 4, 3, Duration.ofSeconds(60),
                Duration.ofSeconds(120), Duration.ofMillis(250), false, true);
    }

    /** Every setting's value, in the order of the scaling settings' table. */
    private static List<Object> values(ScalingSettings settings) {
        return List.of(settings.targetBacklogPerEnvironment(), settings.minimum(), settings.maximum(),
                settings.activationBacklog(), settings.maxStepUp(), settings.maxStepDown(),
                settings.scaleDownStabilisation(), settings.idleToZero(), settings.pollInterval(),
                settings.backlog().scaleOnInFlight(), settings.backlog().scaleOnDelayed());
    }

    @Test
    void parsesTemplateMetadataNumbersAndBooleans() {
        ScalingSettings settings = ScalingSettings.parse(Map.of(
                "targetBacklogPerEnvironment", 50, "maximum", 20.0, "scaleOnDelayed", true,
                "idleToZeroSeconds", 5L));
        assertThat(settings.targetBacklogPerEnvironment()).isEqualTo(50);
        assertThat(settings.maximum()).isEqualTo(20);
        assertThat(settings.backlog().scaleOnDelayed()).isTrue();
        assertThat(settings.idleToZero()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void laterLayersOverrideEarlierOnes() {
        ScalingSettings settings = ScalingSettings.builder()
                .maximum(20)                                          // the mapping's MaximumConcurrency
                .apply(Map.of("maximum", 8, "minimum", 1))            // template metadata
                .apply(Map.of("minimum", "2"))                        // CLI flags
                .build();
        assertThat(settings.maximum()).isEqualTo(8);
        assertThat(settings.minimum()).isEqualTo(2);
    }

    @Test
    void roundTripsThroughItsMap() {
        ScalingSettings settings = ScalingSettings.builder().minimum(1).maximum(9)
                .scaleDownStabilisation(Duration.ofSeconds(42)).scaleOnDelayed(true).build();
        assertThat(ScalingSettings.parse(settings.toMap())).isEqualTo(settings);
        assertThat(settings.toMap()).containsOnlyKeys(ScalingSettings.KEYS);
        assertThat(settings.toBuilder().build()).isEqualTo(settings);
    }

    @Test
    void skipsNullValues() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("maximum", null);
        assertThat(ScalingSettings.parse(values)).isEqualTo(ScalingSettings.defaults());
    }

    static Stream<Arguments> invalidMaps() {
        return Stream.of(
                invalid("maximum 0", Map.of("maximum", "0"), "maximum must be between 1 and 1000 (given 0)"),
                invalid("maximum 1001", Map.of("maximum", 1001), "maximum must be between 1 and 1000 (given 1001)"),
                invalid("maximum beyond int", Map.of("maximum", "99999999999"),
                        "maximum must be between 1 and 1000 (given 99999999999)"),
                invalid("target 0", Map.of("targetBacklogPerEnvironment", "0"),
                        "targetBacklogPerEnvironment must be between 1 and 1000000 (given 0)"),
                invalid("minimum negative", Map.of("minimum", "-1"), "minimum must be between 0 and 1000 (given -1)"),
                invalid("minimum above maximum", Map.of("minimum", "6", "maximum", "5"),
                        "minimum must not exceed maximum (given minimum 6, maximum 5)"),
                invalid("activation negative", Map.of("activationBacklog", "-1"),
                        "activationBacklog must be between 0 and 1000000 (given -1)"),
                invalid("step 0", Map.of("maxStepUp", "0"), "maxStepUp must be between 1 and 1000 (given 0)"),
                invalid("step down 0", Map.of("maxStepDown", 0), "maxStepDown must be between 1 and 1000 (given 0)"),
                invalid("step down above 1000", Map.of("maxStepDown", "1001"),
                        "maxStepDown must be between 1 and 1000 (given 1001)"),
                invalid("stabilisation above an hour", Map.of("scaleDownStabilisationSeconds", "3601"),
                        "scaleDownStabilisationSeconds must be between 0 and 3600 (given 3601)"),
                invalid("idle negative", Map.of("idleToZeroSeconds", "-1"),
                        "idleToZeroSeconds must be between 0 and 3600 (given -1)"),
                invalid("poll above a second", Map.of("pollIntervalMillis", "1001"),
                        "pollIntervalMillis must be between 50 and 1000 (given 1001)"),
                invalid("poll below 50 ms", Map.of("pollIntervalMillis", 49),
                        "pollIntervalMillis must be between 50 and 1000 (given 49)"),
                invalid("not a number", Map.of("minimum", "two"), "minimum must be a whole number (given 'two')"),
                invalid("a decimal string", Map.of("maxStepUp", "1.5"), "maxStepUp must be a whole number (given '1.5')"),
                invalid("a decimal number", Map.of("maximum", 2.5), "maximum must be a whole number (given '2.5')"),
                invalid("an empty string", Map.of("maximum", ""), "maximum must be a whole number (given '')"),
                invalid("not a boolean", Map.of("scaleOnInFlight", "yes"),
                        "scaleOnInFlight must be true or false (given 'yes')"),
                invalid("unknown key", Map.of("maxStep", "2"),
                        "unknown scaling setting 'maxStep' (known: targetBacklogPerEnvironment, minimum, maximum,"
                                + " activationBacklog, maxStepUp, maxStepDown, scaleDownStabilisationSeconds, idleToZeroSeconds,"
                                + " profile, awsLocalCap, pollIntervalMillis, scaleOnInFlight, scaleOnDelayed)"));
    }

    private static Arguments invalid(String name, Map<String, ?> values, String message) {
        return Arguments.of(name, values, message);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidMaps")
    void rejectsInvalidValues(String name, Map<String, ?> values, String message) {
        assertThatThrownBy(() -> ScalingSettings.parse(values))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid scaling settings: " + message);
    }

    static Stream<Arguments> invalidBuilders() {
        return Stream.of(
                Arguments.of("negative stabilisation", (UnaryOperator<ScalingSettings.Builder>)
                        b -> b.scaleDownStabilisation(Duration.ofMillis(-1)),
                        "scaleDownStabilisationSeconds must be between 0 and 3600 (given -0.001)"),
                Arguments.of("idle of two hours", (UnaryOperator<ScalingSettings.Builder>)
                        b -> b.idleToZero(Duration.ofHours(2)),
                        "idleToZeroSeconds must be between 0 and 3600 (given 7200)"),
                Arguments.of("poll of 10 ms", (UnaryOperator<ScalingSettings.Builder>)
                        b -> b.pollInterval(Duration.ofMillis(10)),
                        "pollIntervalMillis must be between 50 and 1000 (given 10)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidBuilders")
    void rejectsInvalidBuilderValues(String name, UnaryOperator<ScalingSettings.Builder> change, String message) {
        assertThatThrownBy(() -> change.apply(ScalingSettings.builder()).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid scaling settings: " + message);
    }

    @Test
    void reportsEveryErrorAtOnce() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("maximum", "0");
        values.put("minimum", "x");
        values.put("pollIntervalMillis", "5000");
        assertThatThrownBy(() -> ScalingSettings.parse(values))
                .hasMessageStartingWith("Invalid scaling settings: ")
                .hasMessageContaining("minimum must be a whole number (given 'x')")
                .hasMessageContaining("maximum must be between 1 and 1000 (given 0)")
                .hasMessageContaining("pollIntervalMillis must be between 50 and 1000 (given 5000)");
    }
}
