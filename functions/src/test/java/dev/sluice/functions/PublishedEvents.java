package dev.sluice.functions;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.microprofile.config.ConfigProvider;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/** What functions published to the orders bus on moto, read back through the rule's SQS target. */
public final class PublishedEvents implements AutoCloseable {

    private final SqsClient sqs;
    private final String queueUrl;

    public PublishedEvents() {
        var config = ConfigProvider.getConfig();
        this.sqs = AwsServers.sqsClient(config.getValue("sluice-test.moto-url", String.class));
        this.queueUrl = config.getValue("sluice-test.published-queue-url", String.class);
    }

    /** Everything on the queue now, removed from it. moto delivers during PutEvents, so nothing is in flight. */
    public List<JsonNode> drain() {
        List<JsonNode> events = new ArrayList<>();
        while (true) {
            List<Message> batch = sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10))
                    .messages();
            if (batch.isEmpty()) {
                return events;
            }
            for (Message message : batch) {
                try {
                    events.add(Events.JSON.readTree(message.body()));
                } catch (JsonProcessingException e) {
                    throw new IllegalStateException("published event is not JSON: " + message.body(), e);
                }
                sqs.deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
            }
        }
    }

    @Override
    public void close() {
        sqs.close();
    }
}
