package dev.sluice.local.scaling;

import dev.sluice.local.lambda.eventsource.EventSourceMappingStats;
import dev.sluice.local.lambda.eventsource.ProvisionedPollers;

/**
 * What the autoscaler sizes: one SQS event source mapping (its pollers) and its function's execution environments.
 * {@link LambdaScalingTargets} adapts the local Lambda service; tests may give their own.
 */
public interface ScalingTarget {

    String uuid();

    /** The function's name (not its ARN). */
    String functionName();

    /** The polled queue's URL. */
    String queueUrl();

    /** ScalingConfig.MaximumConcurrency, or null when not set. */
    Integer maximumConcurrency();

    /** ProvisionedPollerConfig (provisioned mode), or null in standard mode. */
    default ProvisionedPollers provisionedPollers() {
        return null;
    }

    boolean enabled();

    /** Messages per batch at most (the mapping's BatchSize); the AWS drain projection assumes full batches. */
    default int batchSize() {
        return 10;
    }

    /** Batches the mapping runs at once (its pollers). */
    int pollers();

    /** 0 stops polling: then only the autoscaler's own backlog reads notice new messages. */
    void setPollers(int count);

    EventSourceMappingStats stats();

    /** The function's environments started or starting. */
    int running();

    /** The function's environments running an invocation. */
    int busy();

    /**
     * Keeps {@code count} of the function's environments warm: starts missing ones now, and stops idle ones above
     * {@code count} now (busy ones finish their batch first). Called with the sum over the function's mappings.
     */
    void setWarm(int count);
}
