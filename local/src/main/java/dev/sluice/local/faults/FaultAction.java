package dev.sluice.local.faults;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What a fault does when it fires. Every action applies to a function's invocations; an API operation only answers
 * with an error ({@link #ERROR}). Named after AWS FIS's Lambda actions where they overlap
 * ({@code invocation-error}, {@code invocation-add-delay}).
 */
public enum FaultAction {

    /** The invocation fails as if the handler threw {@code errorType}; the handler does not run. */
    ERROR,
    /** The invocation starts {@code delayMillis} late (counted against the function's timeout). */
    DELAY,
    /** The invocation ends as Lambda ends one that passes its timeout: {@code Sandbox.Timedout}, after the timeout. */
    TIMEOUT,
    /** The invocation is refused with 429 {@code TooManyRequestsException}, as when reserved concurrency is used up. */
    THROTTLE,
    /** The environment running the invocation is killed (SIGKILL) as its runtime takes it: {@code Runtime.ExitError}. */
    KILL;

    /** The name in the API and the CLI: {@code error}, {@code delay}, ... */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The action named {@code name}, or null. */
    static FaultAction parse(String name) {
        for (FaultAction action : values()) {
            if (action.wireName().equals(name)) {
                return action;
            }
        }
        return null;
    }

    static String names() {
        return Arrays.stream(values()).map(FaultAction::wireName).collect(Collectors.joining(", "));
    }
}
