package dev.sluice.local.lambda.eventsource;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** When the throttling trap is warned about, boundaries included. */
class ConcurrencyAdviceTest {

    @ParameterizedTest(name = "reserved {0}, MaximumConcurrency {1}: warns {2}")
    @CsvSource(nullValues = "none", value = {
            "none, none, false",   // no reservation: nothing to throttle against
            "none, 1000, false",
            "5, none, false",      // the default demand of 5 is covered
            "4, none, true",
            "0, none, true",       // the kill switch still traps a polling mapping
            "10, 10, false",
            "9, 10, true",
            "2, 2, false"})
    void warnsWhenTheReservationIsBelowTheDemand(Integer reserved, Integer maximum, boolean warns) {
        assertThat(ConcurrencyAdvice.check("fn", "q", reserved, maximum).isPresent()).isEqualTo(warns);
    }

    @org.junit.jupiter.api.Test
    void underAReservationOfOneOnlyALargerReservationHelps() {
        assertThat(ConcurrencyAdvice.check("fn", "q", 1, 4)).hasValueSatisfying(advice -> assertThat(advice)
                .startsWith("function fn has reserved concurrency 1, below the mapping's MaximumConcurrency 4 on queue q")
                .endsWith("; reserve at least 4").doesNotContain("set MaximumConcurrency"));
    }
}
