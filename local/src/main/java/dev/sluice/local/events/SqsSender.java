package dev.sluice.local.events;

import dev.sluice.local.core.Arn;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Sends to SQS queues named by ARN, resolving and caching their URLs. */
final class SqsSender {

    /** SendMessageBatch: at most 10 entries per call. */
    static final int MAX_BATCH_ENTRIES = 10;
    /** SendMessageBatch: at most 1 MiB of message bodies per call (AWS's 2025 limit, as for one message). */
    static final int MAX_BATCH_BYTES = 1024 * 1024;

    /** One message of a batch: the body and, for FIFO queues, its group and deduplication id. */
    record Entry(String body, String groupId, String deduplicationId) {
        int size() {
            return body.getBytes(StandardCharsets.UTF_8).length;
        }
    }

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
        String url = url(queueArn);
        SendMessageRequest.Builder request = SendMessageRequest.builder().queueUrl(url).messageBody(body);
        if (isFifo(queueArn)) {
            request.messageGroupId(groupId).messageDeduplicationId(eventId);
        }
        if (!attributes.isEmpty()) {
            Map<String, MessageAttributeValue> values = new LinkedHashMap<>();
            attributes.forEach((k, v) -> values.put(k,
                    MessageAttributeValue.builder().dataType("String").stringValue(v).build()));
            request.messageAttributes(values);
        }
        try {
            sqs.sendMessage(request.build());
        } catch (SdkException e) {
            throw failure(queueArn, e);
        }
    }

    /**
     * Sends {@code entries} (at most {@link #MAX_BATCH_ENTRIES}, at most {@link #MAX_BATCH_BYTES} together) in one
     * SendMessageBatch call, in order. Returns the failure of each entry SQS refused, by index; the others were
     * sent. Throws when the whole call failed, so that no entry was sent.
     */
    Map<Integer, DeliveryFailure> sendBatch(String queueArn, List<Entry> entries) throws DeliveryFailure {
        if (entries.isEmpty() || entries.size() > MAX_BATCH_ENTRIES) {
            throw new IllegalArgumentException("A batch has 1-" + MAX_BATCH_ENTRIES + " entries (given "
                    + entries.size() + ")");
        }
        String url = url(queueArn);
        boolean fifo = isFifo(queueArn);
        List<SendMessageBatchRequestEntry> request = new ArrayList<>(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            Entry entry = entries.get(i);
            SendMessageBatchRequestEntry.Builder b = SendMessageBatchRequestEntry.builder()
                    .id(Integer.toString(i)).messageBody(entry.body());
            if (fifo) {
                b.messageGroupId(entry.groupId()).messageDeduplicationId(entry.deduplicationId());
            }
            request.add(b.build());
        }
        SendMessageBatchResponse response;
        try {
            response = sqs.sendMessageBatch(r -> r.queueUrl(url).entries(request));
        } catch (SdkException e) {
            throw failure(queueArn, e);
        }
        Map<Integer, DeliveryFailure> failed = new LinkedHashMap<>();
        for (BatchResultErrorEntry error : response.failed()) {
            failed.put(Integer.parseInt(error.id()), new DeliveryFailure("SDK_CLIENT_ERROR",
                    error.code() + ": " + error.message()));
        }
        // An entry SQS reports neither sent nor failed was not sent: retry it rather than lose it.
        Set<Integer> answered = new HashSet<>(failed.keySet());
        response.successful().forEach(ok -> answered.add(Integer.parseInt(ok.id())));
        for (int i = 0; i < entries.size(); i++) {
            if (!answered.contains(i)) {
                failed.put(i, new DeliveryFailure("SDK_CLIENT_ERROR", "SendMessageBatch did not report entry " + i));
            }
        }
        return failed;
    }

    private DeliveryFailure failure(String queueArn, SdkException e) {
        if (e instanceof QueueDoesNotExistException) {
            urls.remove(queueArn);
            return new DeliveryFailure(DeliveryFailure.RESOURCE_NOT_FOUND, "Queue " + Arn.nameOf(queueArn) + " does not exist");
        }
        return new DeliveryFailure("SDK_CLIENT_ERROR", e.getMessage());
    }

    private String url(String queueArn) throws DeliveryFailure {
        if (sqs == null) {
            throw new DeliveryFailure("SDK_CLIENT_ERROR", "No SQS client is configured");
        }
        String cached = urls.get(queueArn);
        if (cached != null) {
            return cached;
        }
        String name = Arn.nameOf(queueArn);
        try {
            String url = sqs.getQueueUrl(b -> b.queueName(name)).queueUrl();
            urls.put(queueArn, url);
            return url;
        } catch (QueueDoesNotExistException e) {
            throw new DeliveryFailure(DeliveryFailure.RESOURCE_NOT_FOUND, "Queue " + name + " does not exist");
        } catch (SdkException e) {
            throw new DeliveryFailure("SDK_CLIENT_ERROR", e.getMessage());
        }
    }
}
