package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The AWS DRAIN column's text. */
class StatusReportDrainTest {

    @ParameterizedTest(name = "{0} s -> {1}")
    @CsvSource({"0, 0s", "0.2, 1s", "42, 42s", "59.5, 1m00s", "185, 3m05s", "7800, 2h10m"})
    void readable(double seconds, String text) {
        assertThat(StatusReport.drain(seconds)).isEqualTo(text);
    }

    @org.junit.jupiter.api.Test
    void unknownIsEmpty() {
        assertThat(StatusReport.drain(null)).isNull();
    }
}
