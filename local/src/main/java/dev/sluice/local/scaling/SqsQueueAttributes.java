package dev.sluice.local.scaling;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.sqs.SqsClient;

/** {@link QueueAttributes} through the AWS SDK. */
public final class SqsQueueAttributes implements QueueAttributes {

    private final SqsClient sqs;

    public SqsQueueAttributes(SqsClient sqs) {
        this.sqs = Objects.requireNonNull(sqs, "sqs");
    }

    @Override
    public Map<String, String> get(String queueUrl, List<String> attributeNames) {
        return sqs.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNamesWithStrings(attributeNames))
                .attributesAsStrings();
    }
}
