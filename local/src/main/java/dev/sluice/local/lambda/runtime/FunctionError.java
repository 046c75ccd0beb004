package dev.sluice.local.lambda.runtime;

import java.time.Instant;

/**
 * A function's latest failed invocation, for status pages.
 *
 * @param type      the error type ({@code Sandbox.Timedout}, {@code Runtime.ExitError}, the exception's class, ...)
 * @param message   the first line of its message, at most 500 characters
 * @param at        when it ended
 * @param requestId its request id, or null
 */
public record FunctionError(String type, String message, Instant at, String requestId) {

    static final int MAX_MESSAGE = 500;

    static FunctionError of(InvocationResult result, Instant at) {
        return new FunctionError(result.errorType() == null ? "Unhandled" : result.errorType(),
                firstLine(result.errorMessage(), MAX_MESSAGE), at, result.requestId());
    }

    /** The first line of {@code text}, cut to {@code max} characters (with "..." when cut). */
    public static String firstLine(String text, int max) {
        if (text == null) {
            return "";
        }
        String line = text.strip();
        int end = line.indexOf('\n');
        if (end >= 0) {
            line = line.substring(0, end).strip();
        }
        return line.length() <= max ? line : line.substring(0, max - 3) + "...";
    }
}
