package dev.sluice.local.scaling;

import java.util.List;
import java.util.Map;

/**
 * The autoscaler's only I/O: GetQueueAttributes. One method, as in KEDA's SQS scaler, so the loop can be tested
 * with a fake and run against any SQS (the local one, LocalStack, AWS).
 */
@FunctionalInterface
public interface QueueAttributes {

    /**
     * The named attributes of a queue, as GetQueueAttributes returns them (names as strings, e.g.
     * {@code ApproximateNumberOfMessages}); attributes the queue does not have are absent.
     *
     * @throws RuntimeException when the queue cannot be read (it is gone, SQS is down)
     */
    Map<String, String> get(String queueUrl, List<String> attributeNames);
}
