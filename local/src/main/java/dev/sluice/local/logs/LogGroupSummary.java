package dev.sluice.local.logs;

/**
 * A log group as it is now.
 *
 * @param arn             {@code arn:aws:logs:<region>:<account>:log-group:<name>} (CloudWatch Logs' {@code logGroupArn})
 * @param creationTime    epoch milliseconds
 * @param retentionInDays as set (PutRetentionPolicy, a template), or null; not enforced locally
 * @param storedBytes     messages plus 26 bytes per event, over the events kept
 * @param events          events kept
 * @param dropped         events dropped to stay within the store's limits since the group was made
 */
public record LogGroupSummary(String name, String arn, long creationTime, Integer retentionInDays, long storedBytes,
                              int events, long dropped) {
}
