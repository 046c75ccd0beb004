package dev.sluice.cli;

import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** A queue's message counts, read from its attributes (GetQueueAttributes answers them as strings). */
final class QueueDepth {

    private QueueDepth() {
    }

    /** The messages the queue holds for its consumers: visible and in flight (delayed ones are not due yet). */
    static long of(Map<QueueAttributeName, String> attributes) {
        return count(attributes, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)
                + count(attributes, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE);
    }

    /** {@link #of(Map)} of the queue at {@code url}. */
    static long of(SqsClient sqs, String url) {
        return of(sqs.getQueueAttributes(r -> r.queueUrl(url).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes());
    }

    /** One count attribute; 0 when the answer leaves it out. */
    static int count(Map<QueueAttributeName, String> attributes, QueueAttributeName name) {
        String value = attributes.get(name);
        return value == null ? 0 : Integer.parseInt(value.strip());
    }
}
