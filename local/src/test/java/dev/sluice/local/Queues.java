package dev.sluice.local;

import dev.sluice.testing.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** What tests ask of an SQS queue through the SDK. */
public final class Queues {

    private Queues() {
    }

    public static String arn(SqsClient sqs, String url) {
        return sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN)).attributes()
                .get(QueueAttributeName.QUEUE_ARN);
    }

    /** Creates {@code name}, whose messages move to {@code deadLetterUrl}'s queue after {@code maxReceiveCount}. */
    public static String createWithDeadLetters(SqsClient sqs, String name, int visibilityTimeoutSeconds,
            String deadLetterUrl, int maxReceiveCount) {
        return sqs.createQueue(b -> b.queueName(name).attributesWithStrings(Map.of(
                "VisibilityTimeout", Integer.toString(visibilityTimeoutSeconds),
                "RedrivePolicy", "{\"deadLetterTargetArn\":\"" + arn(sqs, deadLetterUrl) + "\",\"maxReceiveCount\":\""
                        + maxReceiveCount + "\"}"))).queueUrl();
    }

    /** Visible plus in flight. */
    public static int backlog(SqsClient sqs, String url) {
        return count(sqs, url, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE);
    }

    /** The sum of the queue's approximate counts {@code names}. */
    public static int count(SqsClient sqs, String url, QueueAttributeName... names) {
        Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(b -> b.queueUrl(url)
                .attributeNames(names)).attributes();
        return Stream.of(names).mapToInt(name -> Integer.parseInt(attributes.get(name))).sum();
    }

    /** Receives and deletes until {@code expected} bodies came (within a minute); returns them all. */
    public static List<String> drain(SqsClient sqs, String url, int expected) throws InterruptedException {
        List<String> bodies = new ArrayList<>();
        Await.until(expected + " messages on " + url, Duration.ofSeconds(60), () -> {
            for (Message message : sqs.receiveMessage(r -> r.queueUrl(url).maxNumberOfMessages(10)
                    .waitTimeSeconds(1)).messages()) {
                bodies.add(message.body());
                sqs.deleteMessage(r -> r.queueUrl(url).receiptHandle(message.receiptHandle()));
            }
            return bodies.size() >= expected;
        });
        return bodies;
    }
}
