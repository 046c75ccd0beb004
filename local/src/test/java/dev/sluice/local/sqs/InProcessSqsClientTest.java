package dev.sluice.local.sqs;

import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageResponse;
import software.amazon.awssdk.services.sqs.model.SqsException;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The in-process client against ElasticMQ's own HTTP endpoint, on the same queues: what one side sends the other
 * receives with the same ids, bodies, attributes and MD5s, and the queue actors' rules (redrive, FIFO, receipts)
 * hold either way.
 */
class InProcessSqsClientTest {

    private static final Map<String, MessageAttributeValue> ATTRIBUTES = Map.of(
            "kind", MessageAttributeValue.builder().dataType("String").stringValue("order").build(),
            "total", MessageAttributeValue.builder().dataType("Number").stringValue("12.5").build(),
            "raw", MessageAttributeValue.builder().dataType("Binary")
                    .binaryValue(SdkBytes.fromByteArray(new byte[] {0, 1, 2, (byte) 255})).build(),
            "unit", MessageAttributeValue.builder().dataType("Number.cents").stringValue("1250").build());

    @AutoClose
    private static final LocalSqs LOCAL = new LocalSqs();
    /** ElasticMQ's own HTTP endpoint, and the in-process client beside it. */
    @AutoClose
    private static final SqsClient http = LocalSqs.clientOf(LOCAL.sqs.directEndpoint());
    @AutoClose
    private static final SqsClient direct = LOCAL.sqs.inProcessClient(LocalSqs.clientOf(LOCAL.sqs.directEndpoint()));

    private static String queue(String name, Map<QueueAttributeName, String> attributes) {
        return http.createQueue(r -> r.queueName(name).attributes(attributes)).queueUrl();
    }

    private static List<Message> receive(SqsClient client, String url, int visibility) {
        return client.receiveMessage(r -> r.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1)
                .visibilityTimeout(visibility).messageSystemAttributeNames(MessageSystemAttributeName.ALL)
                .messageAttributeNames("All")).messages();
    }

    /** A message as SQS describes it, without what changes from one receive to the next. */
    private static Map<String, Object> stable(Message m) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("messageId", m.messageId());
        fields.put("body", m.body());
        fields.put("md5OfBody", m.md5OfBody());
        fields.put("md5OfMessageAttributes", m.md5OfMessageAttributes());
        fields.put("messageAttributes", m.messageAttributes());
        Map<String, String> system = new LinkedHashMap<>(m.attributesAsStrings());
        system.remove("ApproximateReceiveCount");
        system.remove("ApproximateFirstReceiveTimestamp");
        fields.put("attributes", system);
        return fields;
    }

    @Test
    void receivesWhatHttpReceivesOnStandardAndFifoQueues() {
        String standard = queue("ip-standard", Map.of());
        String fifo = queue("ip-orders.fifo", Map.of(QueueAttributeName.FIFO_QUEUE, "true"));
        http.sendMessage(r -> r.queueUrl(standard).messageBody("{\"n\":1}").messageAttributes(ATTRIBUTES));
        http.sendMessage(r -> r.queueUrl(fifo).messageBody("second å").messageGroupId("g")
                .messageDeduplicationId("d1").messageAttributes(ATTRIBUTES));

        for (String url : List.of(standard, fifo)) {
            List<Message> inProcess = receive(direct, url, 0);
            List<Message> overHttp = receive(http, url, 30);
            assertThat(inProcess).hasSize(1);
            assertThat(overHttp).hasSize(1);
            assertThat(stable(inProcess.get(0))).isEqualTo(stable(overHttp.get(0)));
            assertThat(inProcess.get(0).attributesAsStrings()).containsEntry("ApproximateReceiveCount", "1");
            assertThat(overHttp.get(0).attributesAsStrings()).containsEntry("ApproximateReceiveCount", "2");
            assertThat(inProcess.get(0).messageAttributes()).isEqualTo(ATTRIBUTES);
        }
    }

    @Test
    void sendsWhatHttpReceivesWithTheMd5sSqsReports() {
        String url = queue("ip-sent", Map.of());
        SendMessageBatchResponse sent = direct.sendMessageBatch(r -> r.queueUrl(url).entries(
                SendMessageBatchRequestEntry.builder().id("a").messageBody("one").messageAttributes(ATTRIBUTES).build(),
                SendMessageBatchRequestEntry.builder().id("b").messageBody("two").build()));
        SendMessageResponse single = direct.sendMessage(r -> r.queueUrl(url).messageBody("three"));

        assertThat(sent.failed()).isEmpty();
        List<Message> received = receive(http, url, 30);
        assertThat(received).extracting(Message::body).containsExactlyInAnyOrder("one", "two", "three");
        Message one = received.stream().filter(m -> m.body().equals("one")).findFirst().orElseThrow();
        assertThat(one.messageAttributes()).isEqualTo(ATTRIBUTES);
        assertThat(one.md5OfMessageAttributes()).isEqualTo(sent.successful().get(0).md5OfMessageAttributes());
        assertThat(one.md5OfBody()).isEqualTo(sent.successful().get(0).md5OfMessageBody());
        assertThat(one.messageId()).isEqualTo(sent.successful().get(0).messageId());
        assertThat(received).extracting(Message::messageId).contains(single.messageId());
    }

    @Test
    void fifoKeepsOrderDeduplicatesAndRefusesAnEntryWithoutAGroupAlone() {
        String url = queue("ip-seq.fifo", Map.of(QueueAttributeName.FIFO_QUEUE, "true"));
        SendMessageBatchResponse sent = direct.sendMessageBatch(r -> r.queueUrl(url).entries(
                SendMessageBatchRequestEntry.builder().id("1").messageBody("a").messageGroupId("g")
                        .messageDeduplicationId("1").build(),
                SendMessageBatchRequestEntry.builder().id("2").messageBody("no group").messageDeduplicationId("2")
                        .build(),
                SendMessageBatchRequestEntry.builder().id("3").messageBody("b").messageGroupId("g")
                        .messageDeduplicationId("3").build(),
                SendMessageBatchRequestEntry.builder().id("4").messageBody("a again").messageGroupId("g")
                        .messageDeduplicationId("1").build()));

        assertThat(sent.failed()).singleElement().satisfies(f -> {
            assertThat(f.id()).isEqualTo("2");
            assertThat(f.code()).isEqualTo("MissingParameter");
            assertThat(f.message()).contains("MessageGroupId");
        });
        assertThat(sent.successful()).extracting(e -> e.sequenceNumber()).doesNotContainNull();
        assertThat(receive(http, url, 30)).extracting(Message::body).containsExactly("a", "b");
        assertThatThrownBy(() -> direct.sendMessage(r -> r.queueUrl(url).messageBody("x")))
                .isInstanceOf(SqsException.class).hasMessageContaining("MessageGroupId");
    }

    @Test
    void refusesAnOversizeOrUnprintableBodyAloneAsElasticMqDoes() {
        String url = queue("ip-limits", Map.of());
        String oversize = "x".repeat(1024 * 1024 + 1);
        SendMessageBatchResponse sent = direct.sendMessageBatch(r -> r.queueUrl(url).entries(
                SendMessageBatchRequestEntry.builder().id("big").messageBody(oversize).build(),
                SendMessageBatchRequestEntry.builder().id("nul").messageBody("a\u0000b").build(),
                SendMessageBatchRequestEntry.builder().id("ok").messageBody("fine").build()));

        assertThat(sent.failed()).extracting(f -> f.id()).containsExactlyInAnyOrder("big", "nul");
        assertThat(sent.failed()).allSatisfy(f -> assertThat(f.code()).isEqualTo("InvalidParameterValue"));
        assertThat(receive(http, url, 30)).extracting(Message::body).containsExactly("fine");
        assertThatThrownBy(() -> http.sendMessage(r -> r.queueUrl(url).messageBody(oversize)))
                .isInstanceOf(SqsException.class);
    }

    @Test
    void deletesByReceiptAndReportsABadReceiptAlone() {
        String url = queue("ip-delete", Map.of());
        http.sendMessage(r -> r.queueUrl(url).messageBody("x"));
        Message received = receive(direct, url, 30).get(0);

        DeleteMessageBatchResponse deleted = direct.deleteMessageBatch(r -> r.queueUrl(url).entries(
                e -> e.id("ok").receiptHandle(received.receiptHandle()),
                e -> e.id("bad").receiptHandle("not-a-receipt")));

        assertThat(deleted.successful()).extracting(e -> e.id()).containsExactly("ok");
        assertThat(deleted.failed()).singleElement().satisfies(f -> assertThat(f.id()).isEqualTo("bad"));
        assertThat(http.getQueueAttributes(r -> r.queueUrl(url).attributeNames(QueueAttributeName.ALL))
                .attributes()).containsEntry(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, "0")
                .containsEntry(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE, "0");
    }

    @Test
    void aMessageReceivedMoreThanMaxReceiveCountMovesToTheDeadLetterQueue() {
        String dlq = queue("ip-dlq", Map.of());
        String dlqArn = http.getQueueAttributes(r -> r.queueUrl(dlq).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        String url = queue("ip-redriven", Map.of(QueueAttributeName.REDRIVE_POLICY,
                "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":\"1\"}"));
        direct.sendMessage(r -> r.queueUrl(url).messageBody("poison"));

        assertThat(receive(direct, url, 0)).hasSize(1);
        assertThat(receive(direct, url, 0)).isEmpty();
        assertThat(receive(http, dlq, 30)).extracting(Message::body).containsExactly("poison");
    }

    @Test
    void aMissingOrDeletedQueueIsQueueDoesNotExist() {
        assertThatThrownBy(() -> direct.sendMessage(r -> r.queueUrl("http://x/000000000000/ip-never")
                .messageBody("x"))).isInstanceOf(QueueDoesNotExistException.class).hasMessageContaining("ip-never");

        String url = queue("ip-recreated", Map.of());
        direct.sendMessage(r -> r.queueUrl(url).messageBody("before"));
        http.deleteQueue(r -> r.queueUrl(url));
        assertThatThrownBy(() -> direct.sendMessage(r -> r.queueUrl(url).messageBody("lost")))
                .isInstanceOf(QueueDoesNotExistException.class);

        queue("ip-recreated", Map.of());
        direct.sendMessage(r -> r.queueUrl(url).messageBody("after"));
        assertThat(receive(http, url, 30)).extracting(Message::body).containsExactly("after");
    }

    @Test
    void otherCallsGoOverHttp() {
        String url = queue("ip-attributes", Map.of());
        assertThat(direct.getQueueUrl(r -> r.queueName("ip-attributes")).queueUrl()).isEqualTo(url);
        assertThat(direct.getQueueAttributes(r -> r.queueUrl(url).attributeNames(QueueAttributeName.FIFO_QUEUE))
                .attributes()).isEmpty();
        assertThat(direct.getQueueAttributes(r -> r.queueUrl(url)
                .attributeNames(QueueAttributeName.VISIBILITY_TIMEOUT)).attributes())
                .containsEntry(QueueAttributeName.VISIBILITY_TIMEOUT, "30");
    }
}
