package dev.sluice.local.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.local.edge.AwsError;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** EventBridge's rate and cron expressions: what each fires on next (UTC), and what is refused and why. */
class ScheduleExpressionTest {

    @ParameterizedTest(name = "{0} after {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            rate(1 minute)               | 2026-12-02T10:00:30Z | 2026-12-02T10:01:30Z
            rate(5 minutes)              | 2026-12-02T10:00:00Z | 2026-12-02T10:05:00Z
            rate(1 hour)                 | 2026-12-02T10:00:00Z | 2026-12-02T11:00:00Z
            rate(2 days)                 | 2026-12-02T10:00:00Z | 2026-12-04T10:00:00Z
            cron(* * * * ? *)            | 2026-12-02T10:00:30Z | 2026-12-02T10:01:00Z
            cron(* * * * ? *)            | 2026-12-02T10:00:00Z | 2026-12-02T10:01:00Z
            cron(0/15 * * * ? *)         | 2026-12-02T10:01:00Z | 2026-12-02T10:15:00Z
            cron(10-40/10 * * * ? *)     | 2026-12-02T10:41:00Z | 2026-12-02T11:10:00Z
            cron(0 12 * * ? *)           | 2026-12-02T12:00:00Z | 2026-12-03T12:00:00Z
            cron(15 10 ? * 6L 2026-2027) | 2026-12-02T00:00:00Z | 2026-12-25T10:15:00Z
            cron(0 18 ? * MON-FRI *)     | 2026-12-04T18:00:00Z | 2026-12-07T18:00:00Z
            cron(0 8 1 * ? *)            | 2026-12-02T00:00:00Z | 2027-01-01T08:00:00Z
            cron(0 0 L * ? *)            | 2027-02-01T00:00:00Z | 2027-02-28T00:00:00Z
            cron(0 0 LW * ? *)           | 2027-01-01T00:00:00Z | 2027-01-29T00:00:00Z
            cron(0 9 1W * ? *)           | 2027-04-30T00:00:00Z | 2027-05-03T09:00:00Z
            cron(0 9 ? * 2#1 *)          | 2026-12-02T00:00:00Z | 2026-12-07T09:00:00Z
            cron(0 9 ? * 2#1 *)          | 2026-12-07T09:00:00Z | 2027-01-04T09:00:00Z
            cron(0 9 ? * SAT-SUN *)      | 2026-12-02T00:00:00Z | 2026-12-05T09:00:00Z
            cron(0 0 29 FEB ? *)         | 2026-12-02T00:00:00Z | 2028-02-29T00:00:00Z
            """)
    void firesNextAt(String expression, Instant after, Instant next) {
        assertThat(ScheduleExpression.parse(expression).nextAfter(after)).isEqualTo(next);
    }

    @ParameterizedTest(name = "{0} never fires again")
    @CsvSource(delimiter = '|', textBlock = """
            cron(0 0 1 1 ? 1999)
            cron(0 0 31 2 ? *)
            """)
    void aCronWithNoFutureTimeNeverFires(String expression) {
        assertThat(ScheduleExpression.parse(expression).nextAfter(Instant.parse("2026-12-02T00:00:00Z"))).isNull();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            rate(1 minutes)            | a value of 1 takes the singular unit minute
            rate(5 minute)             | a value above 1 takes the plural unit minutes
            rate(0 minutes)            | the rate's value must be a positive whole number
            rate(5 weeks)              | the rate's unit must be minute(s), hour(s) or day(s)
            rate(5minutes)             | a rate is rate(value unit)
            cron(0 12 * * ?)           | a cron has 6 fields
            cron(0 12 * * * *)         | one of day-of-month and day-of-week must be ?
            cron(0 12 ? * ? *)         | one of day-of-month and day-of-week must be ?
            cron(60 * * * ? *)         | cron minutes: value 60 is out of range 0-59
            cron(*/0 * * * ? *)        | cron minutes: increment 0 is out of range 1-59
            cron(0 24 * * ? *)         | cron hours: value 24 is out of range 0-23
            cron(0 0 * 13 ? *)         | cron month: value 13 is out of range 1-12
            cron(0 0 ? * FUNDAY *)     | cron day-of-week: value 'FUNDAY' is not a number or a name
            cron(0 0 ? * 2#6 *)        | the n in 2#6 must be 1-5
            cron(0 0 1 * ? 2200)       | cron year: value 2200 is out of range 1970-2199
            every 5 minutes            | it must be rate(value unit) or cron(
            """)
    void anInvalidExpressionIsRefusedInAwsWordsWithTheReason(String expression, String reason) {
        assertThatThrownBy(() -> ScheduleExpression.parse(expression))
                .isInstanceOf(AwsError.class)
                .hasMessageStartingWith("Parameter ScheduleExpression is not valid. Reason: ")
                .hasMessageContaining(reason)
                .hasMessageEndingWith("(given " + expression + ").");
    }
}
