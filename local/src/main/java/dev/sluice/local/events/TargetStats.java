package dev.sluice.local.events;

/**
 * Delivery counters of one target of one rule, as returned by {@link EventBridgeService#stats()}.
 *
 * @param eventBusName   the bus of the rule
 * @param ruleName       the rule
 * @param targetId       the target's Id within the rule
 * @param targetArn      the target's ARN at its last matched event
 * @param matched        events the rule matched and queued for this target
 * @param delivered      events handed to the target (accepted by SQS SendMessage(Batch) or Lambda async invoke)
 * @param failedAttempts delivery attempts that failed (each retry counts)
 * @param deadLettered   events sent to the target's dead-letter queue after retries ran out
 * @param dropped        events given up without a dead-letter queue (or whose dead-letter send failed)
 * @param pending        events queued, being sent or waiting for a retry right now
 */
public record TargetStats(String eventBusName, String ruleName, String targetId, String targetArn,
                          long matched, long delivered, long failedAttempts, long deadLettered, long dropped,
                          long pending) {
}
