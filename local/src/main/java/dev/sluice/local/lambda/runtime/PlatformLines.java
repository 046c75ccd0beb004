package dev.sluice.local.lambda.runtime;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;

/**
 * The lines Lambda itself writes into a function's log stream, in AWS's text format (fields separated by tabs):
 *
 * <pre>
 * INIT_START Runtime Version: java:21.local (JDK 25)
 * START RequestId: 8f5b... Version: $LATEST
 * END RequestId: 8f5b...
 * REPORT RequestId: 8f5b...	Duration: 2.16 ms	Billed Duration: 3 ms	Memory Size: 256 MB	Max Memory Used: 118 MB	Init Duration: 612.40 ms
 * REPORT RequestId: ...	Duration: 3000.00 ms	Billed Duration: 3000 ms	Memory Size: 256 MB	Max Memory Used: 120 MB	Status: timeout
 * REPORT RequestId: ...	...	Status: error	Error Type: Runtime.ExitError
 * INIT_REPORT Init Duration: 412.55 ms	Phase: init	Status: error	Error Type: Runtime.ExitError
 * 2026-12-02T10:00:03.004Z 8f5b... Task timed out after 3.00 seconds
 * RequestId: 8f5b... Error: Runtime exited with error: exit status 3
 * Runtime.ExitError
 * </pre>
 *
 * A REPORT without a status ends with a tab, as AWS's do. Billed Duration is the duration rounded up to the
 * millisecond, plus the init duration on a cold start (AWS bills the init phase since August 2025).
 */
final class PlatformLines {

    /** AWS's error type when a function runs out of memory. */
    static final String OUT_OF_MEMORY = "Runtime.OutOfMemory";
    static final String EXIT_ERROR = "Runtime.ExitError";
    static final String TIMED_OUT = "Sandbox.Timedout";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private PlatformLines() {
    }

    /** How a REPORT line ends: nothing (success, or an error of the function's own), a timeout, or an error type. */
    record Status(String status, String errorType) {

        static final Status NONE = new Status(null, null);
        static final Status TIMEOUT = new Status("timeout", null);

        static Status error(String errorType) {
            return new Status("error", errorType);
        }

        /**
         * The status of a result: errors the platform detected (timeouts, crashes, init failures: {@code Runtime.*},
         * {@code Sandbox.*}, {@code Function.*}) and running out of memory get one; an exception thrown by the
         * function's code does not.
         */
        static Status of(InvocationResult result) {
            if (!result.failed()) {
                return NONE;
            }
            String type = result.errorType() == null ? "Runtime.Unknown" : result.errorType();
            if (type.equals(TIMED_OUT)) {
                return TIMEOUT;
            }
            if (type.equals("java.lang.OutOfMemoryError")) {
                return error(OUT_OF_MEMORY);
            }
            if (type.startsWith("Runtime.") || type.startsWith("Sandbox.") || type.startsWith("Function.")) {
                return error(type);
            }
            return NONE;
        }
    }

    /** {@code java21} -> {@code INIT_START Runtime Version: java:21.local (JDK 25)}. */
    static String initStart(String runtime, int jdkFeature) {
        String version = runtime != null && runtime.startsWith("java") ? "java:" + runtime.substring(4) : runtime;
        return "INIT_START Runtime Version: " + version + ".local (JDK " + jdkFeature + ")";
    }

    static String start(String requestId) {
        return "START RequestId: " + requestId + " Version: $LATEST";
    }

    static String end(String requestId) {
        return "END RequestId: " + requestId;
    }

    /**
     * @param maxMemoryMb      the environment's peak resident memory, when known (else the field is left out)
     * @param initDurationMs   the cold start's init, or null on a warm invocation
     */
    static String report(String requestId, double durationMs, int memorySizeMb, OptionalInt maxMemoryMb,
                         Double initDurationMs, Status status) {
        List<String> fields = new ArrayList<>();
        fields.add("REPORT RequestId: " + requestId);
        fields.add("Duration: " + millis(durationMs) + " ms");
        double billed = durationMs + (initDurationMs == null ? 0 : initDurationMs);
        fields.add("Billed Duration: " + (long) Math.ceil(billed) + " ms");
        fields.add("Memory Size: " + memorySizeMb + " MB");
        maxMemoryMb.ifPresent(used -> fields.add("Max Memory Used: " + used + " MB"));
        if (initDurationMs != null) {
            fields.add("Init Duration: " + millis(initDurationMs) + " ms");
        }
        if (status.status() == null) {
            return String.join("\t", fields) + "\t";
        }
        fields.add("Status: " + status.status());
        if (status.errorType() != null) {
            fields.add("Error Type: " + status.errorType());
        }
        return String.join("\t", fields);
    }

    /** After an init that succeeded outside an invocation (a pre-warmed environment). */
    static String initReport(double initDurationMs) {
        return "INIT_REPORT Init Duration: " + millis(initDurationMs) + " ms";
    }

    /** After an init that failed (status {@code error} with a type) or ran out of time (status {@code timeout}). */
    static String initReport(double initDurationMs, Status status) {
        String line = "INIT_REPORT Init Duration: " + millis(initDurationMs) + " ms\tPhase: init\tStatus: "
                + status.status();
        return status.errorType() == null ? line : line + "\tError Type: " + status.errorType();
    }

    /** {@code 2026-12-02T10:00:03.004Z 8f5b... Task timed out after 3.00 seconds} (the time in milliseconds). */
    static String timedOut(Instant at, String requestId, int timeoutSeconds) {
        return TIME.format(at) + " " + requestId + " Task timed out after " + seconds(timeoutSeconds);
    }

    /** {@code Task timed out after 3.00 seconds}: the timeout as AWS words it. */
    static String seconds(int timeoutSeconds) {
        return String.format(Locale.ROOT, "%.2f seconds", (double) timeoutSeconds);
    }

    /** One event of two lines, as AWS writes it when the runtime process exits during an invocation. */
    static String runtimeExited(String requestId, String exit, String errorType) {
        return "RequestId: " + requestId + " Error: Runtime exited with error: " + exit + "\n" + errorType;
    }

    /** A process's exit as Lambda words it: {@code exit status 3}, or {@code signal: killed} for 128 + 9. */
    static String exit(int exitCode) {
        return switch (exitCode) {
            case 128 + 9 -> "signal: killed";
            case 128 + 15 -> "signal: terminated";
            case 128 + 6 -> "signal: aborted";
            case 128 + 11 -> "signal: segmentation fault";
            default -> "exit status " + exitCode;
        };
    }

    private static String millis(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }
}
