package dev.sluice.local.lambda.eventsource;

import java.time.Instant;

/**
 * One version of an SQS event source mapping's settings.
 *
 * @param maximumConcurrency        ScalingConfig.MaximumConcurrency (2-1000) or null
 * @param visibilityTimeoutSeconds  the queue's VisibilityTimeout when the mapping was created or updated
 * @param functionTimeoutSeconds    the function's Timeout then
 * @param provisionedPollers        ProvisionedPollerConfig (provisioned mode) or null; never with maximumConcurrency
 */
public record EventSourceMappingConfig(String uuid, String functionArn, String eventSourceArn, String queueUrl, boolean fifo,
                                int batchSize, int batchingWindowSeconds, boolean enabled,
                                boolean reportBatchItemFailures, Integer maximumConcurrency, Instant lastModified,
                                int visibilityTimeoutSeconds, int functionTimeoutSeconds,
                                ProvisionedPollers provisionedPollers) {

    /** A mapping in standard mode (no ProvisionedPollerConfig). */
    public EventSourceMappingConfig(String uuid, String functionArn, String eventSourceArn, String queueUrl,
                                    boolean fifo, int batchSize, int batchingWindowSeconds, boolean enabled,
                                    boolean reportBatchItemFailures, Integer maximumConcurrency, Instant lastModified,
                                    int visibilityTimeoutSeconds, int functionTimeoutSeconds) {
        this(uuid, functionArn, eventSourceArn, queueUrl, fifo, batchSize, batchingWindowSeconds, enabled,
                reportBatchItemFailures, maximumConcurrency, lastModified, visibilityTimeoutSeconds,
                functionTimeoutSeconds, null);
    }

    /** Batches in flight when MaximumConcurrency is not set: Lambda's own SQS scaling starts at 5. */
    static final int DEFAULT_CONCURRENCY = 5;
    /** SQS's longest visibility timeout (12 hours). */
    static final int MAX_VISIBILITY_SECONDS = 43_200;

    /** Batches at once without an autoscaler: MaximumConcurrency, else MinimumPollers in provisioned mode, else 5. */
    int concurrency() {
        if (maximumConcurrency != null) {
            return maximumConcurrency;
        }
        return provisionedPollers != null ? provisionedPollers.minimumPollers() : DEFAULT_CONCURRENCY;
    }

    /**
     * True when messages received at the start of the batching window could become visible again before the
     * function is done with them: the window plus the function timeout exceed the queue's visibility timeout (AWS
     * advises a visibility timeout of at least six times the function timeout plus the window).
     */
    public boolean windowOutlastsVisibility() {
        return batchingWindowSeconds + functionTimeoutSeconds > visibilityTimeoutSeconds;
    }

    /**
     * The visibility timeout for a receive made with {@code windowLeftSeconds} of the batching window still to go, or
     * null for the queue's own. A message held through the rest of the window and then the function's run stays
     * hidden that long, so that the queue does not hand it out again meanwhile (to this poller, which would put it
     * into its batch twice, or to another); never less than the queue's, at most SQS's 12 hours.
     */
    Integer receiveVisibilitySeconds(long windowLeftSeconds) {
        if (!windowOutlastsVisibility()) {
            return null;
        }
        long needed = Math.max(0, windowLeftSeconds) + functionTimeoutSeconds;
        return (int) Math.min(MAX_VISIBILITY_SECONDS, Math.max(visibilityTimeoutSeconds, needed));
    }
}
