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
public record QueueFunctionProps(IQueue queue, IQueue deadLetterQueue, String queueName, Boolean fifo,
        Boolean contentBasedDeduplication, Number maxReceiveCount, Duration visibilityTimeout, IFunction function,
        FunctionProps functionProps, Number batchSize, Duration maxBatchingWindow, Number maxConcurrency,
        Boolean enabled, Number backlogAlarmThreshold, Duration oldestMessageAgeAlarmThreshold,
        LocalScalingProps localScaling, ProvisionedConcurrencyProps provisionedConcurrency,
        ProvisionedPollerConfig provisionedPollers) {

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

    public static Builder builder() {
        return PropsBuilder.of(Builder.class, QueueFunctionProps.class);
    }

    /** Builder of {@link QueueFunctionProps}. */
    public interface Builder {
        /** An existing queue to consume; default: a queue is created. */
        Builder queue(IQueue queue);

        /** The existing queue's dead-letter queue; default: the one a CDK {@code Queue} was created with. */
        Builder deadLetterQueue(IQueue deadLetterQueue);

        /** Created queue's physical name; default generated. The dead-letter queue is {@code <queueName>-dlq}. */
        Builder queueName(String queueName);

        /** Created queue is FIFO; default false (true when queueName ends with {@code .fifo}). */
        Builder fifo(Boolean fifo);

        /** Created FIFO queue deduplicates by content; default false. */
        Builder contentBasedDeduplication(Boolean contentBasedDeduplication);

        /** Created queue's redrive: 1-1,000 receives; default 3. */
        Builder maxReceiveCount(Number maxReceiveCount);

        /** Created queue's visibility timeout: at least 6x the function timeout, at most 12 h; default exactly 6x. */
        Builder visibilityTimeout(Duration visibilityTimeout);

        /** The function to trigger; give this or {@link #getFunctionProps()}. */
        Builder function(IFunction function);

        /** Props of a function to create; give this or {@link #getFunction()}. */
        Builder functionProps(FunctionProps functionProps);

        /** 1-10,000 (FIFO 1-10); above 10 needs a batching window of at least 1 s; default 10. */
        Builder batchSize(Number batchSize);

        /** 0-300 s; not for FIFO queues; default none (invoke as soon as messages arrive). */
        Builder maxBatchingWindow(Duration maxBatchingWindow);

        /** The mapping's ScalingConfig.MaximumConcurrency: 2-1,000; default 5 (none with provisionedPollers). */
        Builder maxConcurrency(Number maxConcurrency);

        /** Whether the mapping polls; default true. */
        Builder enabled(Boolean enabled);

        /** ApproximateNumberOfMessagesVisible alarm threshold: at least 1; default 1,000. */
        Builder backlogAlarmThreshold(Number backlogAlarmThreshold);

        /** ApproximateAgeOfOldestMessage alarm threshold: 60 s-14 days; default 5 minutes. */
        Builder oldestMessageAgeAlarmThreshold(Duration oldestMessageAgeAlarmThreshold);

        /**
         * The local cloud's autoscaler settings, written to the template as metadata on the event source
         * mapping; default none (the local cloud's defaults apply).
         */
        Builder localScaling(LocalScalingProps localScaling);

        /**
         * Provisioned concurrency on the alias {@code live}, scaled on backlog per instance; default none
         * (on-demand concurrency only, and the mapping invokes the function itself).
         */
        Builder provisionedConcurrency(ProvisionedConcurrencyProps provisionedConcurrency);

        /**
         * The mapping's ProvisionedPollerConfig (provisioned mode): minimumPollers 2-200 (default 2),
         * maximumPollers 2-10,000 (default 200), minimum at most maximum; excludes maxConcurrency (AWS's two scaling
         * modes are mutually exclusive); default none (standard mode). The local cloud runs minimumPollers concurrent
         * batches for it when its autoscaler is off.
         */
        Builder provisionedPollers(ProvisionedPollerConfig provisionedPollers);

        QueueFunctionProps build();
    }
}
