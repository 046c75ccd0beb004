package dev.sluice.local.scaling;

import java.time.Instant;

/**
 * What the autoscaler saw and did for one mapping at one poll: a point of its history.
 *
 * @param at                   when the queue was read
 * @param visible              ApproximateNumberOfMessages
 * @param inFlight             ApproximateNumberOfMessagesNotVisible
 * @param backlog              the scaling metric (see {@link QueueBacklog})
 * @param deadLetterQueue      the queue named by the redrive policy, or null
 * @param deadLetterDepth      its messages (visible + in flight + delayed), or null when unknown
 * @param running              the function's environments started or starting
 * @param busy                 the function's environments running an invocation
 * @param desired              environments the autoscaler runs from now on (the decision's {@code next})
 * @param invocationsPerSecond batches invoked per second since the previous sample
 * @param errors               records that failed since the mapping was created (function errors, timeouts,
 *                             reported batch item failures)
 * @param batches              batches invoked since the mapping was created
 * @param records              records handed to the function since the mapping was created
 * @param reason               why {@code desired} is what it is
 */
public record ScalingSample(Instant at, long visible, long inFlight, long backlog, String deadLetterQueue,
                            Long deadLetterDepth, int running, int busy, int desired, double invocationsPerSecond,
                            long errors, long batches, long records, ScalingDecision.Reason reason) {
}
