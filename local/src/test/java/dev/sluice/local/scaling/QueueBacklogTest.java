package dev.sluice.local.scaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class QueueBacklogTest {

    private static Map<String, String> attributes(String visible, String inFlight, String delayed) {
        Map<String, String> map = new HashMap<>();
        if (visible != null) {
            map.put(QueueBacklog.VISIBLE, visible);
        }
        if (inFlight != null) {
            map.put(QueueBacklog.IN_FLIGHT, inFlight);
        }
        if (delayed != null) {
            map.put(QueueBacklog.DELAYED, delayed);
        }
        return map;
    }

    static Stream<Arguments> backlogs() {
        return Stream.of(
                Arguments.of("empty queue", true, false, attributes("0", "0", "0"), 0L),
                Arguments.of("visible only", true, false, attributes("7", "0", "0"), 7L),
                Arguments.of("visible plus in flight by default", true, false, attributes("7", "3", "100"), 10L),
                Arguments.of("in flight ignored when off", false, false, attributes("7", "3", "100"), 7L),
                Arguments.of("delayed added when on", true, true, attributes("7", "3", "100"), 110L),
                Arguments.of("delayed without in flight", false, true, attributes("7", "3", "100"), 107L),
                Arguments.of("attributes not counted may be missing", false, false, attributes("4", null, null), 4L),
                Arguments.of("surrounding blanks", true, false, attributes(" 4 ", "1", null), 5L),
                Arguments.of("beyond int range", true, false, attributes("3000000000", "3000000000", null),
                        6_000_000_000L));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backlogs")
    void backlog(String name, boolean inFlight, boolean delayed, Map<String, String> attributes, long expected) {
        assertThat(new QueueBacklog(inFlight, delayed).of(attributes)).isEqualTo(expected);
    }

    static Stream<Arguments> waiting() {
        return Stream.of(
                Arguments.of("visible only: in flight reaches the policy as batches", true, false,
                        attributes("7", "3", "100"), 7L),
                Arguments.of("delayed added when on", true, true, attributes("7", "3", "100"), 107L),
                Arguments.of("in flight may be missing", false, false, attributes("4", null, null), 4L));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("waiting")
    void waiting(String name, boolean inFlight, boolean delayed, Map<String, String> attributes, long expected) {
        assertThat(new QueueBacklog(inFlight, delayed).waiting(attributes)).isEqualTo(expected);
    }

    @Test
    void waitingNamesAMissingAttribute() {
        assertThatThrownBy(() -> new QueueBacklog(true, true).waiting(attributes("1", "0", null)))
                .hasMessageStartingWith("queue attribute ApproximateNumberOfMessagesDelayed is missing");
    }

    static Stream<Arguments> invalidAttributes() {
        return Stream.of(
                Arguments.of("visible missing", false, attributes(null, "1", "1"),
                        "queue attribute ApproximateNumberOfMessages is missing (given attributes"
                                + " [ApproximateNumberOfMessagesDelayed, ApproximateNumberOfMessagesNotVisible])"),
                Arguments.of("in flight missing", false, attributes("1", null, null),
                        "queue attribute ApproximateNumberOfMessagesNotVisible is missing"),
                Arguments.of("delayed missing when counted", true, attributes("1", "1", null),
                        "queue attribute ApproximateNumberOfMessagesDelayed is missing"),
                Arguments.of("visible not a number", false, attributes("lots", "1", null),
                        "queue attribute ApproximateNumberOfMessages must be a whole number (given 'lots')"),
                Arguments.of("in flight a decimal", false, attributes("1", "1.5", null),
                        "queue attribute ApproximateNumberOfMessagesNotVisible must be a whole number (given '1.5')"),
                Arguments.of("empty value", false, attributes("", "1", null),
                        "queue attribute ApproximateNumberOfMessages must be a whole number (given '')"),
                Arguments.of("negative", false, attributes("-1", "0", null),
                        "queue attribute ApproximateNumberOfMessages must not be negative (given -1)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidAttributes")
    void rejectsInvalidAttributes(String name, boolean delayed, Map<String, String> attributes, String message) {
        assertThatThrownBy(() -> new QueueBacklog(true, delayed).of(attributes))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(message);
    }

    @Test
    void rejectsNoAttributes() {
        assertThatThrownBy(() -> QueueBacklog.DEFAULT.of(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("queue attributes are missing (given none)");
    }

    @Test
    void asksForTheAttributesItCounts() {
        assertThat(QueueBacklog.DEFAULT.attributeNames())
                .containsExactly("ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible");
        assertThat(new QueueBacklog(false, true).attributeNames())
                .containsExactly("ApproximateNumberOfMessages", "ApproximateNumberOfMessagesDelayed");
    }
}
