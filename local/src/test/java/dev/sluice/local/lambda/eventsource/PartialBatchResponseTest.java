package dev.sluice.local.lambda.eventsource;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** AWS's rules for reading {@code batchItemFailures}: null means the whole batch failed. */
class PartialBatchResponseTest {

    private static final Set<String> BATCH = Set.of("m1", "m2", "m3");

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("empty body is success", "", Set.of()),
                Arguments.of("JSON null is success", "null", Set.of()),
                Arguments.of("empty object is success", "{}", Set.of()),
                Arguments.of("null list is success", "{\"batchItemFailures\":null}", Set.of()),
                Arguments.of("empty list is success", "{\"batchItemFailures\":[]}", Set.of()),
                Arguments.of("reported ids fail", "{\"batchItemFailures\":[{\"itemIdentifier\":\"m2\"}]}", Set.of("m2")),
                Arguments.of("invalid JSON fails all", "{oops", null),
                Arguments.of("empty id fails all", "{\"batchItemFailures\":[{\"itemIdentifier\":\"\"}]}", null),
                Arguments.of("null id fails all", "{\"batchItemFailures\":[{\"itemIdentifier\":null}]}", null),
                Arguments.of("wrong key fails all", "{\"batchItemFailures\":[{\"id\":\"m1\"}]}", null),
                Arguments.of("unknown id fails all", "{\"batchItemFailures\":[{\"itemIdentifier\":\"m9\"}]}", null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void readsFailures(String name, String response, Set<String> expected) {
        Set<String> failed = PartialBatchResponse.failedIds(response.getBytes(StandardCharsets.UTF_8), BATCH);

        assertThat(failed).isEqualTo(expected);
    }
}
