package dev.sluice.constructs;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Token;

/**
 * Collects every invalid prop of one construct so the user sees all of them in a single error
 * (the aws-solutions-constructs practice). Unresolved tokens are skipped: they are only known at
 * deploy time, where CloudFormation checks them.
 */
final class PropViolations {

    private final String construct;
    private final List<String> messages = new ArrayList<>();

    PropViolations(String construct) {
        this.construct = construct;
    }

    void add(String message) {
        messages.add(message);
    }

    boolean isEmpty() {
        return messages.isEmpty();
    }

    List<String> messages() {
        return List.copyOf(messages);
    }

    void between(String name, Number value, long min, long max) {
        if (value == null || Token.isUnresolved(value)) {
            return;
        }
        double given = value.doubleValue();
        if (given < min || given > max) {
            add(name + " must be between " + min + " and " + max + " inclusive (given " + describe(value) + ")");
        } else if (given != Math.rint(given)) {
            add(name + " must be a whole number (given " + describe(value) + ")");
        }
    }

    void atLeast(String name, Number value, long min) {
        if (value == null || Token.isUnresolved(value)) {
            return;
        }
        if (value.doubleValue() < min) {
            add(name + " must be at least " + min + " (given " + describe(value) + ")");
        }
    }

    /** Checks a duration against a range in whole seconds. */
    void secondsBetween(String name, Duration value, long minSeconds, long maxSeconds) {
        if (!isKnown(value)) {
            return;
        }
        long millis = millis(value);
        if (millis < minSeconds * 1000 || millis > maxSeconds * 1000) {
            add(name + " must be between " + minSeconds + " and " + maxSeconds + " seconds inclusive (given "
                    + describe(value) + ")");
        } else if (millis % 1000 != 0) {
            add(name + " must be a whole number of seconds (given " + describe(value) + ")");
        }
    }

    /** Throws one {@link IllegalArgumentException} listing every violation, if there is any. */
    void throwIfAny() {
        if (messages.isEmpty()) {
            return;
        }
        throw new IllegalArgumentException("Invalid " + construct + " props: " + String.join("; ", messages));
    }

    static boolean isKnown(Number value) {
        return value != null && !Token.isUnresolved(value);
    }

    static boolean isKnown(Duration value) {
        return value != null && !value.isUnresolved();
    }

    static long millis(Duration value) {
        return value.toMilliseconds().longValue();
    }

    static String describe(Duration value) {
        if (value == null) {
            return "none";
        }
        if (value.isUnresolved()) {
            return "an unresolved token";
        }
        long millis = millis(value);
        return millis % 1000 == 0 ? (millis / 1000) + " seconds" : millis + " ms";
    }

    static String describe(Number value) {
        double d = value.doubleValue();
        return d == Math.rint(d) && !Double.isInfinite(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
