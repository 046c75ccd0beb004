package dev.sluice.local.sqs;

import dev.sluice.local.edge.EdgeServer;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.SqsException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every call goes through the edge endpoint with the AWS SDK's default (AWS JSON) protocol. */
class SqsThroughEdgeTest {

    @AutoClose
    private static final LocalSqs LOCAL = new LocalSqs();
    private static final EdgeServer edge = LOCAL.edge;
    private static final SqsService sqs = LOCAL.sqs;
    private static final SqsClient client = LOCAL.client;

    @Test
    void queueUrlsAndArnsPointAtTheEdge() {
        String url = client.createQueue(b -> b.queueName("urls")).queueUrl();

        assertThat(url).isEqualTo(edge.endpoint() + "/000000000000/urls");
        assertThat(client.getQueueUrl(b -> b.queueName("urls")).queueUrl()).isEqualTo(url);
        assertThat(attributes(url, QueueAttributeName.QUEUE_ARN).get(QueueAttributeName.QUEUE_ARN))
                .isEqualTo("arn:aws:sqs:us-east-1:000000000000:urls");
        assertThat(client.listQueues(b -> b.queueNamePrefix("url")).queueUrls()).containsExactly(url);
    }

    @Test
    void directEndpointServesTheSameQueues() {
        String url = client.createQueue(b -> b.queueName("shared")).queueUrl();
        client.sendMessage(b -> b.queueUrl(url).messageBody("via edge"));

        try (SqsClient direct = LocalSqs.clientOf(sqs.directEndpoint())) {
            assertThat(sqs.directEndpoint()).isNotEqualTo(edge.endpoint());
            List<Message> messages = direct.receiveMessage(b -> b.queueUrl(url)).messages();
            assertThat(messages).extracting(Message::body).containsExactly("via edge");
        }
    }

    @Test
    void sendReceiveDelete() {
        String url = client.createQueue(b -> b.queueName("basic")).queueUrl();

        client.sendMessage(b -> b.queueUrl(url).messageBody("hello"));
        List<Message> received = client.receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(1)).messages();
        assertThat(received).extracting(Message::body).containsExactly("hello");
        client.deleteMessage(b -> b.queueUrl(url).receiptHandle(received.get(0).receiptHandle()));

        assertThat(client.receiveMessage(b -> b.queueUrl(url)).messages()).isEmpty();
        assertThat(attributes(url, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
                .containsEntry(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, "0")
                .containsEntry(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE, "0");
    }

    @Test
    void missingQueueIsTheSdksTypedError() {
        assertThatThrownBy(() -> client.getQueueUrl(b -> b.queueName("no-such-queue")))
                .isInstanceOf(QueueDoesNotExistException.class);
    }

    @Test
    void batchSendAndDelete() {
        String url = client.createQueue(b -> b.queueName("batch")).queueUrl();

        List<SendMessageBatchRequestEntry> entries = IntStream.range(0, 10)
                .mapToObj(i -> SendMessageBatchRequestEntry.builder().id("m" + i).messageBody("body-" + i).build())
                .toList();
        SendMessageBatchResponse sent = client.sendMessageBatch(b -> b.queueUrl(url).entries(entries));
        assertThat(sent.successful()).hasSize(10);
        assertThat(sent.failed()).isEmpty();

        List<Message> received = new ArrayList<>();
        while (received.size() < 10) {
            List<Message> batch = client.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1))
                    .messages();
            assertThat(batch).as("receive returned nothing with %d of 10 received", received.size()).isNotEmpty();
            received.addAll(batch);
        }
        assertThat(received).extracting(Message::body)
                .containsExactlyInAnyOrderElementsOf(IntStream.range(0, 10).mapToObj(i -> "body-" + i).toList());

        List<DeleteMessageBatchRequestEntry> deletes = received.stream()
                .map(m -> DeleteMessageBatchRequestEntry.builder().id(m.messageId()).receiptHandle(m.receiptHandle()).build())
                .toList();
        DeleteMessageBatchResponse deleted = client.deleteMessageBatch(b -> b.queueUrl(url).entries(deletes));
        assertThat(deleted.successful()).hasSize(10);
        assertThat(deleted.failed()).isEmpty();
        assertThat(attributes(url, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE).values()).containsOnly("0");
    }

    @Test
    void unacknowledgedMessageReappearsAfterItsVisibilityTimeout() {
        String url = client.createQueue(b -> b.queueName("visibility")
                .attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "1"))).queueUrl();
        client.sendMessage(b -> b.queueUrl(url).messageBody("again"));

        Message first = client.receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(1)).messages().get(0);
        assertThat(attributes(url, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
                .containsEntry(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE, "1");
        assertThat(client.receiveMessage(b -> b.queueUrl(url)).messages()).as("hidden while in flight").isEmpty();

        // The long poll outlasts the 1 s timeout, so it ends when the message becomes visible again.
        List<Message> again = client.receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(5)
                .messageSystemAttributeNamesWithStrings("ApproximateReceiveCount")).messages();
        assertThat(again).extracting(Message::messageId).containsExactly(first.messageId());
        assertThat(again.get(0).attributesAsStrings()).containsEntry("ApproximateReceiveCount", "2");
    }

    @Test
    void changeMessageVisibilityReleasesAMessageAtOnce() {
        String url = client.createQueue(b -> b.queueName("release")).queueUrl();
        client.sendMessage(b -> b.queueUrl(url).messageBody("retry me"));
        Message first = client.receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(1)).messages().get(0);

        client.changeMessageVisibility(b -> b.queueUrl(url).receiptHandle(first.receiptHandle()).visibilityTimeout(0));

        assertThat(client.receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(1)).messages())
                .extracting(Message::body).containsExactly("retry me");
    }

    @Test
    void redrivePolicyMovesAMessageToTheDeadLetterQueueAfterMaxReceiveCount() {
        String dlqUrl = client.createQueue(b -> b.queueName("work-dlq")).queueUrl();
        String dlqArn = attributes(dlqUrl, QueueAttributeName.QUEUE_ARN).get(QueueAttributeName.QUEUE_ARN);
        String redrive = "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":\"2\"}";
        String url = client.createQueue(b -> b.queueName("work")
                .attributes(Map.of(QueueAttributeName.REDRIVE_POLICY, redrive))).queueUrl();
        assertThat(attributes(url, QueueAttributeName.REDRIVE_POLICY).get(QueueAttributeName.REDRIVE_POLICY))
                .contains(dlqArn);
        client.sendMessage(b -> b.queueUrl(url).messageBody("poison"));

        // Two receives that each give the message straight back (visibility 0), as a failing consumer would.
        for (int receive = 1; receive <= 2; receive++) {
            assertThat(client.receiveMessage(b -> b.queueUrl(url).visibilityTimeout(0).waitTimeSeconds(1)).messages())
                    .as("receive %d", receive).extracting(Message::body).containsExactly("poison");
        }

        assertThat(client.receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(1)).messages()).isEmpty();
        assertThat(client.receiveMessage(b -> b.queueUrl(dlqUrl).waitTimeSeconds(1)).messages())
                .extracting(Message::body).containsExactly("poison");
        assertThat(client.listDeadLetterSourceQueues(b -> b.queueUrl(dlqUrl)).queueUrls()).containsExactly(url);
    }

    @Test
    void longPollReturnsWhenAMessageArrives() throws Exception {
        String url = client.createQueue(b -> b.queueName("long-poll")).queueUrl();

        CompletableFuture<ReceiveMessageResponse> poll = CompletableFuture.supplyAsync(
                () -> client.receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(20)));
        // Give the receive time to reach ElasticMQ; it must still be open when the message is sent.
        Thread.sleep(500);
        assertThat(poll).as("long poll ended before any message was sent").isNotDone();
        client.sendMessage(b -> b.queueUrl(url).messageBody("arrived"));

        assertThat(poll.get(25, TimeUnit.SECONDS).messages()).extracting(Message::body).containsExactly("arrived");
    }

    @Test
    void fullTwentySecondLongPollIsNotCutShortByTheProxy() {
        String url = client.createQueue(b -> b.queueName("quiet")).queueUrl();

        ReceiveMessageResponse response = client.receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(20));

        assertThat(response.messages()).isEmpty();
    }

    @Test
    void fifoQueueKeepsOrderWithinAGroupAndDeduplicates() {
        String url = client.createQueue(b -> b.queueName("orders.fifo").attributes(Map.of(
                QueueAttributeName.FIFO_QUEUE, "true",
                QueueAttributeName.CONTENT_BASED_DEDUPLICATION, "true"))).queueUrl();
        assertThat(url).endsWith("/000000000000/orders.fifo");

        for (int i = 0; i < 5; i++) {
            String body = "a-" + i;
            client.sendMessage(b -> b.queueUrl(url).messageGroupId("a").messageBody(body));
        }
        client.sendMessage(b -> b.queueUrl(url).messageGroupId("a").messageBody("a-0")); // duplicate: dropped
        List<SendMessageBatchRequestEntry> groupB = IntStream.range(0, 3)
                .mapToObj(i -> SendMessageBatchRequestEntry.builder().id("b" + i).messageGroupId("b")
                        .messageDeduplicationId("b-dedup-" + i).messageBody("b-" + i).build())
                .toList();
        assertThat(client.sendMessageBatch(b -> b.queueUrl(url).entries(groupB)).successful()).hasSize(3);

        List<String> groupA = new ArrayList<>();
        List<String> groupBodies = new ArrayList<>();
        for (int attempt = 0; attempt < 10 && groupA.size() + groupBodies.size() < 8; attempt++) {
            for (Message m : client.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10)
                    .messageSystemAttributeNamesWithStrings("MessageGroupId")).messages()) {
                (m.attributesAsStrings().get("MessageGroupId").equals("a") ? groupA : groupBodies).add(m.body());
                client.deleteMessage(b -> b.queueUrl(url).receiptHandle(m.receiptHandle()));
            }
        }

        assertThat(groupA).containsExactly("a-0", "a-1", "a-2", "a-3", "a-4");
        assertThat(groupBodies).containsExactly("b-0", "b-1", "b-2");
    }

    @Test
    void queueAttributesCountVisibleAndInFlightMessages() {
        String url = client.createQueue(b -> b.queueName("counts")
                .attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "30", QueueAttributeName.DELAY_SECONDS, "0")))
                .queueUrl();
        for (int i = 0; i < 3; i++) {
            client.sendMessage(b -> b.queueUrl(url).messageBody("m"));
        }
        client.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(1));

        Map<QueueAttributeName, String> all = client.getQueueAttributes(b -> b.queueUrl(url)
                .attributeNames(QueueAttributeName.ALL)).attributes();

        assertThat(all).containsEntry(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, "2")
                .containsEntry(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE, "1")
                .containsEntry(QueueAttributeName.VISIBILITY_TIMEOUT, "30");

        client.setQueueAttributes(b -> b.queueUrl(url).attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "45")));
        assertThat(attributes(url, QueueAttributeName.VISIBILITY_TIMEOUT))
                .containsEntry(QueueAttributeName.VISIBILITY_TIMEOUT, "45");
    }

    @Test
    void messagesUpToOneMebibytePassAndLargerOnesAreRejected() {
        String url = client.createQueue(b -> b.queueName("large")).queueUrl();
        String largest = "x".repeat(1024 * 1024);

        client.sendMessage(b -> b.queueUrl(url).messageBody(largest));
        assertThat(client.receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(1)).messages().get(0).body())
                .hasSize(1024 * 1024);

        assertThatThrownBy(() -> client.sendMessage(b -> b.queueUrl(url).messageBody(largest + "x")))
                .isInstanceOf(SqsException.class)
                .hasMessageContaining("Message must be shorter than 1048576 bytes");
    }

    private static Map<QueueAttributeName, String> attributes(String url, QueueAttributeName... names) {
        return client.getQueueAttributes(b -> b.queueUrl(url).attributeNames(names)).attributes();
    }
}
