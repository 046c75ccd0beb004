package dev.sluice.constructs;

import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.events.EventPattern;
import software.amazon.awscdk.services.events.IEventBus;
import software.amazon.awscdk.services.lambda.FunctionProps;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.sqs.IQueue;

/**
 * Props of {@link EventFunction}. {@code eventPattern} and one of {@code function} and
 * {@code functionProps} are needed; every other prop is optional with the range and default given.
 */
public record EventFunctionProps(IEventBus eventBus, EventPattern eventPattern, String ruleName, String ruleDescription,
        Boolean enabled, IFunction function, FunctionProps functionProps, Number retryAttempts, Duration maxEventAge,
        IQueue deadLetterQueue) {

    /** EventBridge's own default: 185 attempts (0-185). */
    public static final int DEFAULT_RETRY_ATTEMPTS = 185;
    /** EventBridge's own default: 24 hours (60 s-24 h). */
    public static final Duration DEFAULT_MAX_EVENT_AGE = Duration.hours(24);
    /** Appended to the function's name to name the created dead-letter queue. */
    public static final String DEAD_LETTER_SUFFIX = "-events-dlq";

    public static Builder builder() {
        return PropsBuilder.of(Builder.class, EventFunctionProps.class);
    }

    /** Builder of {@link EventFunctionProps}. */
    public interface Builder {
        /** The bus the rule listens on; default: the account's default bus. */
        Builder eventBus(IEventBus eventBus);

        /** Which events invoke the function; required. */
        Builder eventPattern(EventPattern eventPattern);

        /** Physical rule name: 1-64 of letters, digits, '.', '-', '_'; default generated. */
        Builder ruleName(String ruleName);

        /** Rule description; default none. */
        Builder ruleDescription(String ruleDescription);

        /** Whether the rule is enabled; default true. */
        Builder enabled(Boolean enabled);

        /** The function to invoke; give this or {@link #getFunctionProps()}. */
        Builder function(IFunction function);

        /** Props of a function to create; give this or {@link #getFunction()}. */
        Builder functionProps(FunctionProps functionProps);

        /** Target retry policy: 0-185 attempts; default 185. */
        Builder retryAttempts(Number retryAttempts);

        /** Target retry policy: 60 s-24 h; default 24 h. */
        Builder maxEventAge(Duration maxEventAge);

        /** Where undeliverable events go; default: a created queue {@code <functionName>-events-dlq}. */
        Builder deadLetterQueue(IQueue deadLetterQueue);

        EventFunctionProps build();
    }
}
