package dev.sluice.constructs;

import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.lambda.FunctionProps;
import software.amazon.awscdk.services.lambda.ProvisionedPollerConfig;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.sqs.IQueue;

/**
 * Props of {@link QueueFunction}. Every prop is optional except that one of {@code function} and
 * {@code functionProps} is needed. Ranges are the AWS limits; defaults are the constants below.
 *
 * <p>Queue: give an existing {@code queue} (and its {@code deadLetterQueue} unless it is a CDK
 * {@code Queue} created with one), or let the construct create one from {@code queueName},
 * {@code fifo}, {@code contentBasedDeduplication}, {@code maxReceiveCount} and
 * {@code visibilityTimeout}. Those five props describe a created queue only.
 */
public final class QueueFunctionProps {

    /** Messages per invoke: 1-10,000 (FIFO: 1-10). */
    public static final int DEFAULT_BATCH_SIZE = 10;
    /**
     * Concurrent batches: 2-1,000. Lambda starts its own SQS scaling at 5 concurrent batches; this
     * default keeps that as the ceiling so a backlog cannot take the account's whole concurrency
     * (new accounts may have as little as 10). Raise it for throughput.
     */
    public static final int DEFAULT_MAX_CONCURRENCY = 5;
    /** The created queue's visibility timeout is this many times the function timeout (AWS's advice). */
    public static final int VISIBILITY_TIMEOUT_FACTOR = 6;
    /** Alarm when this many messages are visible (waiting) for three consecutive minutes. */
    public static final int DEFAULT_BACKLOG_ALARM_THRESHOLD = 1000;
    /** Alarm when the oldest message has waited this long for three consecutive minutes. */
    public static final Duration DEFAULT_OLDEST_MESSAGE_AGE_ALARM_THRESHOLD = Duration.minutes(5);

    private final IQueue queue;
    private final IQueue deadLetterQueue;
    private final String queueName;
    private final Boolean fifo;
    private final Boolean contentBasedDeduplication;
    private final Number maxReceiveCount;
    private final Duration visibilityTimeout;
    private final IFunction function;
    private final FunctionProps functionProps;
    private final Number batchSize;
    private final Duration maxBatchingWindow;
    private final Number maxConcurrency;
    private final Boolean enabled;
    private final Number backlogAlarmThreshold;
    private final Duration oldestMessageAgeAlarmThreshold;
    private final LocalScalingProps localScaling;
    private final ProvisionedConcurrencyProps provisionedConcurrency;
    private final ProvisionedPollerConfig provisionedPollers;

    private QueueFunctionProps(Builder b) {
        this.queue = b.queue;
        this.deadLetterQueue = b.deadLetterQueue;
        this.queueName = b.queueName;
        this.fifo = b.fifo;
        this.contentBasedDeduplication = b.contentBasedDeduplication;
        this.maxReceiveCount = b.maxReceiveCount;
        this.visibilityTimeout = b.visibilityTimeout;
        this.function = b.function;
        this.functionProps = b.functionProps;
        this.batchSize = b.batchSize;
        this.maxBatchingWindow = b.maxBatchingWindow;
        this.maxConcurrency = b.maxConcurrency;
        this.provisionedPollers = b.provisionedPollers;
        this.enabled = b.enabled;
        this.backlogAlarmThreshold = b.backlogAlarmThreshold;
        this.oldestMessageAgeAlarmThreshold = b.oldestMessageAgeAlarmThreshold;
        this.localScaling = b.localScaling;
        this.provisionedConcurrency = b.provisionedConcurrency;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** An existing queue to consume; default: a queue is created. */
    public IQueue getQueue() {
        return queue;
    }

    /** The existing queue's dead-letter queue; default: the one a CDK {@code Queue} was created with. */
    public IQueue getDeadLetterQueue() {
        return deadLetterQueue;
    }

    /** Created queue's physical name; default generated. The dead-letter queue is {@code <queueName>-dlq}. */
    public String getQueueName() {
        return queueName;
    }

    /** Created queue is FIFO; default false (true when queueName ends with {@code .fifo}). */
    public Boolean getFifo() {
        return fifo;
    }

    /** Created FIFO queue deduplicates by content; default false. */
    public Boolean getContentBasedDeduplication() {
        return contentBasedDeduplication;
    }

    /** Created queue's redrive: 1-1,000 receives; default 3. */
    public Number getMaxReceiveCount() {
        return maxReceiveCount;
    }

    /** Created queue's visibility timeout: at least 6x the function timeout, at most 12 h; default exactly 6x. */
    public Duration getVisibilityTimeout() {
        return visibilityTimeout;
    }

    /** The function to trigger; give this or {@link #getFunctionProps()}. */
    public IFunction getFunction() {
        return function;
    }

    /** Props of a function to create; give this or {@link #getFunction()}. */
    public FunctionProps getFunctionProps() {
        return functionProps;
    }

    /** 1-10,000 (FIFO 1-10); above 10 needs a batching window of at least 1 s; default 10. */
    public Number getBatchSize() {
        return batchSize;
    }

    /** 0-300 s; not for FIFO queues; default none (invoke as soon as messages arrive). */
    public Duration getMaxBatchingWindow() {
        return maxBatchingWindow;
    }

    /** The mapping's ScalingConfig.MaximumConcurrency: 2-1,000; default 5 (none with provisionedPollers). */
    public Number getMaxConcurrency() {
        return maxConcurrency;
    }

    /**
     * The mapping's ProvisionedPollerConfig (provisioned mode): minimumPollers 2-200 (default 2), maximumPollers
     * 2-10,000 (default 200), minimum at most maximum; excludes maxConcurrency (AWS's two scaling modes are mutually
     * exclusive); default none (standard mode). The local cloud runs minimumPollers concurrent batches for it when its
     * autoscaler is off.
     */
    public ProvisionedPollerConfig getProvisionedPollers() {
        return provisionedPollers;
    }

    /** Whether the mapping polls; default true. */
    public Boolean getEnabled() {
        return enabled;
    }

    /** ApproximateNumberOfMessagesVisible alarm threshold: at least 1; default 1,000. */
    public Number getBacklogAlarmThreshold() {
        return backlogAlarmThreshold;
    }

    /** ApproximateAgeOfOldestMessage alarm threshold: 60 s-14 days; default 5 minutes. */
    public Duration getOldestMessageAgeAlarmThreshold() {
        return oldestMessageAgeAlarmThreshold;
    }

    /**
     * The local cloud's autoscaler settings, written to the template as metadata on the event source
     * mapping; default none (the local cloud's defaults apply).
     */
    public LocalScalingProps getLocalScaling() {
        return localScaling;
    }

    /**
     * Provisioned concurrency on the alias {@code live}, scaled on backlog per instance; default none
     * (on-demand concurrency only, and the mapping invokes the function itself).
     */
    public ProvisionedConcurrencyProps getProvisionedConcurrency() {
        return provisionedConcurrency;
    }

    /** Builder of {@link QueueFunctionProps}. */
    public static final class Builder {
        private IQueue queue;
        private IQueue deadLetterQueue;
        private String queueName;
        private Boolean fifo;
        private Boolean contentBasedDeduplication;
        private Number maxReceiveCount;
        private Duration visibilityTimeout;
        private IFunction function;
        private FunctionProps functionProps;
        private Number batchSize;
        private Duration maxBatchingWindow;
        private Number maxConcurrency;
        private Boolean enabled;
        private Number backlogAlarmThreshold;
        private Duration oldestMessageAgeAlarmThreshold;
        private LocalScalingProps localScaling;
        private ProvisionedConcurrencyProps provisionedConcurrency;
        private ProvisionedPollerConfig provisionedPollers;

        private Builder() {
        }

        public Builder queue(IQueue queue) {
            this.queue = queue;
            return this;
        }

        public Builder deadLetterQueue(IQueue deadLetterQueue) {
            this.deadLetterQueue = deadLetterQueue;
            return this;
        }

        public Builder queueName(String queueName) {
            this.queueName = queueName;
            return this;
        }

        public Builder fifo(Boolean fifo) {
            this.fifo = fifo;
            return this;
        }

        public Builder contentBasedDeduplication(Boolean contentBasedDeduplication) {
            this.contentBasedDeduplication = contentBasedDeduplication;
            return this;
        }

        public Builder maxReceiveCount(Number maxReceiveCount) {
            this.maxReceiveCount = maxReceiveCount;
            return this;
        }

        public Builder visibilityTimeout(Duration visibilityTimeout) {
            this.visibilityTimeout = visibilityTimeout;
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

        public Builder batchSize(Number batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        public Builder maxBatchingWindow(Duration maxBatchingWindow) {
            this.maxBatchingWindow = maxBatchingWindow;
            return this;
        }

        public Builder maxConcurrency(Number maxConcurrency) {
            this.maxConcurrency = maxConcurrency;
            return this;
        }

        public Builder provisionedPollers(ProvisionedPollerConfig provisionedPollers) {
            this.provisionedPollers = provisionedPollers;
            return this;
        }

        public Builder enabled(Boolean enabled) {
            this.enabled = enabled;
            return this;
        }

        public Builder backlogAlarmThreshold(Number backlogAlarmThreshold) {
            this.backlogAlarmThreshold = backlogAlarmThreshold;
            return this;
        }

        public Builder oldestMessageAgeAlarmThreshold(Duration oldestMessageAgeAlarmThreshold) {
            this.oldestMessageAgeAlarmThreshold = oldestMessageAgeAlarmThreshold;
            return this;
        }

        public Builder localScaling(LocalScalingProps localScaling) {
            this.localScaling = localScaling;
            return this;
        }

        public Builder provisionedConcurrency(ProvisionedConcurrencyProps provisionedConcurrency) {
            this.provisionedConcurrency = provisionedConcurrency;
            return this;
        }

        public QueueFunctionProps build() {
            return new QueueFunctionProps(this);
        }
    }
}
