package dev.sluice.local.lambda.eventsource;

import java.time.Instant;

/**
 * One version of an SQS event source mapping's settings.
 *
 * @param maximumConcurrency ScalingConfig.MaximumConcurrency (2-1000) or null
 */
public record EventSourceMappingConfig(String uuid, String functionArn, String eventSourceArn, String queueUrl, boolean fifo,
                                int batchSize, int batchingWindowSeconds, boolean enabled,
                                boolean reportBatchItemFailures, Integer maximumConcurrency, Instant lastModified) {

    /** Batches in flight when MaximumConcurrency is not set: Lambda's own SQS scaling starts at 5. */
    static final int DEFAULT_CONCURRENCY = 5;

    int concurrency() {
        return maximumConcurrency == null ? DEFAULT_CONCURRENCY : maximumConcurrency;
    }
}
