package dev.sluice.functions;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/** Reads back what functions wrote, through the app's own SqsClient (which Dev Services point at the local cloud). */
public final class Queues {

    private Queues() {
    }

    /**
     * Everything on the queue now, as JSON, removed from it. The local cloud's rule targets deliver during PutEvents and
     * the outbox is written before a function returns, so nothing is still on its way when a test calls this.
     */
    public static List<JsonNode> drain(SqsClient sqs, String queueName) {
        String queueUrl = sqs.getQueueUrl(r -> r.queueName(queueName)).queueUrl();
        List<JsonNode> bodies = new ArrayList<>();
        while (true) {
            List<Message> batch = sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10)).messages();
            if (batch.isEmpty()) {
                return bodies;
            }
            for (Message message : batch) {
                try {
                    bodies.add(Events.JSON.readTree(message.body()));
                } catch (JsonProcessingException e) {
                    throw new IllegalStateException("message on " + queueName + " is not JSON: " + message.body(), e);
                }
                sqs.deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
            }
        }
    }
}
