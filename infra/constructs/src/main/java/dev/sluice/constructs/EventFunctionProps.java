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
public final class EventFunctionProps {

    /** EventBridge's own default: 185 attempts (0-185). */
    public static final int DEFAULT_RETRY_ATTEMPTS = 185;
    /** EventBridge's own default: 24 hours (60 s-24 h). */
    public static final Duration DEFAULT_MAX_EVENT_AGE = Duration.hours(24);
    /** Appended to the function's name to name the created dead-letter queue. */
    public static final String DEAD_LETTER_SUFFIX = "-events-dlq";

    private final IEventBus eventBus;
    private final EventPattern eventPattern;
    private final String ruleName;
    private final String ruleDescription;
    private final Boolean enabled;
    private final IFunction function;
    private final FunctionProps functionProps;
    private final Number retryAttempts;
    private final Duration maxEventAge;
    private final IQueue deadLetterQueue;

    private EventFunctionProps(Builder b) {
        this.eventBus = b.eventBus;
        this.eventPattern = b.eventPattern;
        this.ruleName = b.ruleName;
        this.ruleDescription = b.ruleDescription;
        this.enabled = b.enabled;
        this.function = b.function;
        this.functionProps = b.functionProps;
        this.retryAttempts = b.retryAttempts;
        this.maxEventAge = b.maxEventAge;
        this.deadLetterQueue = b.deadLetterQueue;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The bus the rule listens on; default: the account's default bus. */
    public IEventBus getEventBus() {
        return eventBus;
    }

    /** Which events invoke the function; required. */
    public EventPattern getEventPattern() {
        return eventPattern;
    }

    /** Physical rule name: 1-64 of letters, digits, '.', '-', '_'; default generated. */
    public String getRuleName() {
        return ruleName;
    }

    /** Rule description; default none. */
    public String getRuleDescription() {
        return ruleDescription;
    }

    /** Whether the rule is enabled; default true. */
    public Boolean getEnabled() {
        return enabled;
    }

    /** The function to invoke; give this or {@link #getFunctionProps()}. */
    public IFunction getFunction() {
        return function;
    }

    /** Props of a function to create; give this or {@link #getFunction()}. */
    public FunctionProps getFunctionProps() {
        return functionProps;
    }

    /** Target retry policy: 0-185 attempts; default 185. */
    public Number getRetryAttempts() {
        return retryAttempts;
    }

    /** Target retry policy: 60 s-24 h; default 24 h. */
    public Duration getMaxEventAge() {
        return maxEventAge;
    }

    /** Where undeliverable events go; default: a created queue {@code <functionName>-events-dlq}. */
    public IQueue getDeadLetterQueue() {
        return deadLetterQueue;
    }

    /** Builder of {@link EventFunctionProps}. */
    public static final class Builder {
        private IEventBus eventBus;
        private EventPattern eventPattern;
        private String ruleName;
        private String ruleDescription;
        private Boolean enabled;
        private IFunction function;
        private FunctionProps functionProps;
        private Number retryAttempts;
        private Duration maxEventAge;
        private IQueue deadLetterQueue;

        private Builder() {
        }

        public Builder eventBus(IEventBus eventBus) {
            this.eventBus = eventBus;
            return this;
        }

        public Builder eventPattern(EventPattern eventPattern) {
            this.eventPattern = eventPattern;
            return this;
        }

        public Builder ruleName(String ruleName) {
            this.ruleName = ruleName;
            return this;
        }

        public Builder ruleDescription(String ruleDescription) {
            this.ruleDescription = ruleDescription;
            return this;
        }

        public Builder enabled(Boolean enabled) {
            this.enabled = enabled;
            return this;
        }

        public Builder function(IFunction function) {
            this.function = function;
            return this;
        }

        public Builder functionProps(FunctionProps functionProps) {
            this.functionProps = functionProps;
            return this;
        }

        public Builder retryAttempts(Number retryAttempts) {
            this.retryAttempts = retryAttempts;
            return this;
        }

        public Builder maxEventAge(Duration maxEventAge) {
            this.maxEventAge = maxEventAge;
            return this;
        }

        public Builder deadLetterQueue(IQueue deadLetterQueue) {
            this.deadLetterQueue = deadLetterQueue;
            return this;
        }

        public EventFunctionProps build() {
            return new EventFunctionProps(this);
        }
    }
}
