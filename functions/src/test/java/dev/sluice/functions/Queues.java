package dev.sluice.functions;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/** Reads back what functions wrote, through the app's own SqsClient (which Dev Services point at the local cloud). */
public final class Queues {

    private static final Duration LIMIT = Duration.ofSeconds(20);

    private Queues() {
    }

    /**
     * Everything on the queue now, as JSON, removed from it (no waiting). Right for the outbox, which notifyCustomer
     * writes before it returns; a rule target delivers after PutEvents has answered, as on AWS: use {@link #take}.
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

    /**
     * Waits (up to 20 s) until {@code count} messages have arrived, then returns them with whatever else is on the queue
     * already (so that a duplicate shows), as JSON, removed from the queue. Fewer than {@code count} in time: returns
     * what came, for the test's assertion to show.
     */
    public static List<JsonNode> take(SqsClient sqs, String queueName, int count) {
        String queueUrl = sqs.getQueueUrl(r -> r.queueName(queueName)).queueUrl();
        List<JsonNode> bodies = new ArrayList<>();
        long deadline = System.nanoTime() + LIMIT.toNanos();
        while (bodies.size() < count && System.nanoTime() < deadline) {
            bodies.addAll(receive(sqs, queueName, queueUrl, Math.min(10, count - bodies.size()), 1));
        }
        bodies.addAll(drain(sqs, queueName));
        return bodies;
    }

    /** Nothing arrives on the queue within a second (a rule target delivers within milliseconds here). */
    public static List<JsonNode> nothingWithinASecond(SqsClient sqs, String queueName) {
        String queueUrl = sqs.getQueueUrl(r -> r.queueName(queueName)).queueUrl();
        return receive(sqs, queueName, queueUrl, 10, 1);
    }

    private static List<JsonNode> receive(SqsClient sqs, String queueName, String queueUrl, int max, int waitSeconds) {
        List<JsonNode> bodies = new ArrayList<>();
        for (Message message : sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(max)
                .waitTimeSeconds(waitSeconds)).messages()) {
            try {
                bodies.add(Events.JSON.readTree(message.body()));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("message on " + queueName + " is not JSON: " + message.body(), e);
            }
            sqs.deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
        }
        return bodies;
    }
}
