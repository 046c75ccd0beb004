package dev.sluice.local.events;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Sends to SQS queues named by ARN, resolving and caching their URLs. */
final class SqsSender {

    private final SqsClient sqs;
    private final Map<String, String> urls = new ConcurrentHashMap<>();

    SqsSender(SqsClient sqs) {
        this.sqs = sqs;
    }

    static boolean isFifo(String queueArn) {
        return queueArn.endsWith(".fifo");
    }

    /**
     * Sends {@code body}; a FIFO queue gets {@code groupId} and the event id as deduplication id, so a retried
     * send of the same event is not delivered twice.
     */
    void send(String queueArn, String body, String groupId, String eventId, Map<String, String> attributes)
            throws DeliveryFailure {
        if (sqs == null) {
            throw new DeliveryFailure("SDK_CLIENT_ERROR", "No SQS client is configured");
        }
        String url = url(queueArn);
        SendMessageRequest.Builder request = SendMessageRequest.builder().queueUrl(url).messageBody(body);
        if (isFifo(queueArn)) {
            request.messageGroupId(groupId).messageDeduplicationId(eventId);
        }
        if (!attributes.isEmpty()) {
            Map<String, MessageAttributeValue> values = new java.util.LinkedHashMap<>();
            attributes.forEach((k, v) -> values.put(k,
                    MessageAttributeValue.builder().dataType("String").stringValue(v).build()));
            request.messageAttributes(values);
        }
        try {
            sqs.sendMessage(request.build());
        } catch (QueueDoesNotExistException e) {
            urls.remove(queueArn);
            throw new DeliveryFailure("RESOURCE_NOT_FOUND", "Queue " + Target.resourceName(queueArn) + " does not exist");
        } catch (SdkException e) {
            throw new DeliveryFailure("SDK_CLIENT_ERROR", e.getMessage());
        }
    }

    private String url(String queueArn) throws DeliveryFailure {
        String cached = urls.get(queueArn);
        if (cached != null) {
            return cached;
        }
        String name = Target.resourceName(queueArn);
        try {
            String url = sqs.getQueueUrl(b -> b.queueName(name)).queueUrl();
            urls.put(queueArn, url);
            return url;
        } catch (QueueDoesNotExistException e) {
            throw new DeliveryFailure("RESOURCE_NOT_FOUND", "Queue " + name + " does not exist");
        } catch (SdkException e) {
            throw new DeliveryFailure("SDK_CLIENT_ERROR", e.getMessage());
        }
    }
}
