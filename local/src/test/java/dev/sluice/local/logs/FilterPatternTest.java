package dev.sluice.local.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** CloudWatch Logs' filter syntax for unstructured events: named cases, boundaries included. */
class FilterPatternTest {

    @ParameterizedTest(name = "{0} on \"{1}\" -> {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
            "ERROR                    | ERROR disk full                    | true",
            "ERROR                    | error disk full                    | false",
            "ERROR                    | [ERROR] bracketed                  | true",
            "ERROR disk               | ERROR disk full                    | true",
            "ERROR memory             | ERROR disk full                    | false",
            "'\"disk full\"'          | ERROR disk full                    | true",
            "'\"full disk\"'          | ERROR disk full                    | false",
            "?ERROR ?WARN             | WARN slow                          | true",
            "?ERROR ?WARN             | INFO fine                          | false",
            "ERROR -Retrying          | ERROR Retrying later               | false",
            "ERROR -Retrying          | ERROR disk full                    | true",
            "'-\"Retrying later\"'    | ERROR Retrying later               | false",
            "'%^(WARN|ERROR) %'       | WARN slow                          | true",
            "'%^(WARN|ERROR) %'       | slow WARN                          | false",
            "'\"a \\\"quoted\\\" word\"' | 'a \"quoted\" word'             | true",
            "''                       | anything                           | true",
            "'\"\"'                   | anything                           | true",
            "'Task \"timed out\"'     | Task timed out after 3.00 seconds  | true",
    })
    void matches(String pattern, String message, boolean expected) {
        assertThat(FilterPattern.parse(pattern).test(message)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{ $.level = \"ERROR\" }", "[ip, user, status]"})
    void structuredPatternsAreRefusedSayingSo(String pattern) {
        assertThatThrownBy(() -> FilterPattern.parse(pattern)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not supported by the local CloudWatch Logs").hasMessageContaining(pattern);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
            "'\"unclosed'   | no closing quote",
            "%[unclosed     | no closing %",
            "%[%            | invalid regular expression",
            "'? ERROR'      | '''?'' must be followed by a term'",
    })
    void malformedPatternsAreRefusedNamingTheProblem(String pattern, String problem) {
        assertThatThrownBy(() -> FilterPattern.parse(pattern)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(problem);
    }
}
