package dev.sluice.local.lambda.eventsource;

/**
 * Counters of one event source mapping since it was created.
 *
 * @param batches          invocations made (one per batch)
 * @param records          records handed to the function
 * @param succeededRecords records deleted from the queue after the function succeeded with them
 * @param failedRecords    records left on the queue (function error, timeout, reported failures, throttles)
 * @param functionErrors   batches that failed as a whole
 * @param activeBatches    batches being processed right now
 * @param concurrency      pollers (batches in flight at most)
 * @param throttledBatches batches whose invoke was refused with 429 (reserved concurrency exhausted): their records
 *                         return to the queue after its visibility timeout, receive count raised, handler not run
 * @param completedBatches batches whose invocation returned (or failed), for {@code batchNanos}
 * @param batchNanos       total time those invocations took, so a mean batch duration can be measured
 */
public record EventSourceMappingStats(long batches, long records, long succeededRecords, long failedRecords,
                                      long functionErrors, int activeBatches, int concurrency, long throttledBatches,
                                      long completedBatches, long batchNanos) {
}
