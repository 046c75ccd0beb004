package dev.sluice.example.e2e;

import dev.sluice.local.core.CloudContext;
import dev.sluice.local.core.LocalClients;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** SDK clients against the local cloud's endpoint (as any user's tool would reach it) and queue chores on top. */
final class LocalQueues implements AutoCloseable {

    static final String REGION = CloudContext.DEFAULT_REGION;

    final SqsClient sqs;

    LocalQueues(URI endpoint) {
        sqs = LocalClients.create(SqsClient.builder(), endpoint, REGION);
    }

    static EventBridgeClient events(URI endpoint) {
        return LocalClients.create(EventBridgeClient.builder(), endpoint, REGION);
    }

    String url(String queueName) {
        return sqs.getQueueUrl(r -> r.queueName(queueName)).queueUrl();
    }

    /** Visible + in flight + delayed: everything the queue still holds. */
    int depth(String queueName) {
        Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(r -> r.queueUrl(url(queueName))
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED)).attributes();
        return attributes.values().stream().mapToInt(Integer::parseInt).sum();
    }

    /** One receive (up to 10, waiting up to 1 s); what it got is deleted and returned. */
    List<Message> take(String queueUrl) {
        List<Message> messages = sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10)
                .waitTimeSeconds(1).messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages();
        if (!messages.isEmpty()) {
            List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>();
            for (int i = 0; i < messages.size(); i++) {
                entries.add(DeleteMessageBatchRequestEntry.builder().id(Integer.toString(i))
                        .receiptHandle(messages.get(i).receiptHandle()).build());
            }
            sqs.deleteMessageBatch(r -> r.queueUrl(queueUrl).entries(entries));
        }
        return messages;
    }

    /** "name: visible V, in flight F" for every queue, for failure reports. */
    List<String> depths() {
        List<String> lines = new ArrayList<>();
        for (String url : sqs.listQueues().queueUrls()) {
            Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(r -> r.queueUrl(url).attributeNames(
                    QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                    QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
            lines.add(url.substring(url.lastIndexOf('/') + 1) + ": visible "
                    + attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES) + ", in flight "
                    + attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
        }
        return lines;
    }

    @Override
    public void close() {
        sqs.close();
    }
}
