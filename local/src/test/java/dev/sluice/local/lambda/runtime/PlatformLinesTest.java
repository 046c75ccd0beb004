package dev.sluice.local.lambda.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.local.lambda.runtime.PlatformLines.Status;
import java.time.Instant;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Lambda's own log lines, byte for byte as AWS writes them (tabs, trailing tab, rounding). */
class PlatformLinesTest {

    private static final String ID = "8f5b2b4e-0000-4000-8000-000000000001";

    @Test
    void aWarmReportEndsWithATab() {
        assertThat(PlatformLines.report(ID, 2.164, 256, OptionalInt.of(118), null, Status.NONE)).isEqualTo(
                "REPORT RequestId: " + ID + "\tDuration: 2.16 ms\tBilled Duration: 3 ms\tMemory Size: 256 MB"
                        + "\tMax Memory Used: 118 MB\t");
    }

    @Test
    void aColdReportBillsTheInitToo() {
        assertThat(PlatformLines.report(ID, 10.5, 512, OptionalInt.of(130), 612.404, Status.NONE)).isEqualTo(
                "REPORT RequestId: " + ID + "\tDuration: 10.50 ms\tBilled Duration: 623 ms\tMemory Size: 512 MB"
                        + "\tMax Memory Used: 130 MB\tInit Duration: 612.40 ms\t");
    }

    @Test
    void aTimeoutOrErrorReportEndsWithItsStatus() {
        assertThat(PlatformLines.report(ID, 3000, 128, OptionalInt.of(40), null, Status.TIMEOUT)).isEqualTo(
                "REPORT RequestId: " + ID + "\tDuration: 3000.00 ms\tBilled Duration: 3000 ms\tMemory Size: 128 MB"
                        + "\tMax Memory Used: 40 MB\tStatus: timeout");
        assertThat(PlatformLines.report(ID, 6.38, 1024, OptionalInt.empty(), null, Status.error("Runtime.ExitError")))
                .isEqualTo("REPORT RequestId: " + ID + "\tDuration: 6.38 ms\tBilled Duration: 7 ms\tMemory Size: 1024 MB"
                        + "\tStatus: error\tError Type: Runtime.ExitError");
    }

    @Test
    void initAndInvocationLines() {
        assertThat(PlatformLines.initStart("java21", 25)).isEqualTo("INIT_START Runtime Version: java:21.local (JDK 25)");
        assertThat(PlatformLines.start(ID)).isEqualTo("START RequestId: " + ID + " Version: $LATEST");
        assertThat(PlatformLines.end(ID)).isEqualTo("END RequestId: " + ID);
        assertThat(PlatformLines.initReport(412.554)).isEqualTo("INIT_REPORT Init Duration: 412.55 ms");
        assertThat(PlatformLines.initReport(10.17, Status.error("Runtime.ExitError"))).isEqualTo(
                "INIT_REPORT Init Duration: 10.17 ms\tPhase: init\tStatus: error\tError Type: Runtime.ExitError");
        assertThat(PlatformLines.initReport(10007.33, Status.TIMEOUT))
                .isEqualTo("INIT_REPORT Init Duration: 10007.33 ms\tPhase: init\tStatus: timeout");
        assertThat(PlatformLines.timedOut(Instant.parse("2026-12-02T10:00:03Z"), ID, 3))
                .isEqualTo("2026-12-02T10:00:03.000Z " + ID + " Task timed out after 3.00 seconds");
        assertThat(PlatformLines.runtimeExited(ID, "exit status 1", "Runtime.ExitError"))
                .isEqualTo("RequestId: " + ID + " Error: Runtime exited with error: exit status 1\nRuntime.ExitError");
    }

    @ParameterizedTest
    @CsvSource({"0, exit status 0", "3, exit status 3", "137, signal: killed", "143, signal: terminated",
            "134, signal: aborted", "139, signal: segmentation fault"})
    void exitsAreWordedAsLambdaWordsThem(int code, String words) {
        assertThat(PlatformLines.exit(code)).isEqualTo(words);
    }

    @ParameterizedTest
    @CsvSource(nullValues = "null", value = {
            "Sandbox.Timedout, timeout, null",
            "Runtime.ExitError, error, Runtime.ExitError",
            "Function.ResponseSizeTooLarge, error, Function.ResponseSizeTooLarge",
            "java.lang.OutOfMemoryError, error, Runtime.OutOfMemory",
            "java.lang.IllegalStateException, null, null"})
    void onlyPlatformErrorsGiveTheReportAStatus(String errorType, String status, String reportedType) {
        Status of = Status.of(InvocationResult.environmentError(errorType, "m"));

        assertThat(of.status()).isEqualTo(status);
        assertThat(of.errorType()).isEqualTo(reportedType);
    }

    @Test
    void theTailIsCutAtACharacterBoundary() {
        String text = "é".repeat(3000); // 6000 bytes

        String tail = EnvironmentLog.lastBytes(text, 4096);

        assertThat(tail).isEqualTo("é".repeat(2048));
        assertThat(EnvironmentLog.lastBytes("x".repeat(10), 4096)).isEqualTo("x".repeat(10));
        assertThat(EnvironmentLog.shortId("2026/12/02/[$LATEST]0123456789abcdef0123456789abcdef")).isEqualTo("01234567");
    }
}
