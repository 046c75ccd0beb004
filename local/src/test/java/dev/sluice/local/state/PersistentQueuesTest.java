package dev.sluice.local.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.local.CloudUnderTest;
import dev.sluice.local.LocalCloud;
import dev.sluice.local.core.LocalClients;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/**
 * Queues and messages kept by {@code persist(dir)}, across a crash in this JVM ({@link LocalCloud#kill()}: the state
 * stops being written at once, as with {@code kill -9}; {@code CrashRestartTest} does the same to a real process).
 */
class PersistentQueuesTest {

    @TempDir
    Path workDir;

    /** This test's state folder, kept ({@code fresh} false) or started afresh. */
    private UnaryOperator<LocalCloud.Builder> onState(boolean fresh) {
        return b -> b.persist(workDir.resolve("state")).freshState(fresh).autoscaling(false);
    }

    private LocalCloud start(boolean fresh) {
        return onState(fresh).apply(LocalCloud.builder().port(0).workDir(workDir)).build().start();
    }

    /** The local cloud again on this test's state, for a try-with-resources block. */
    private CloudUnderTest restart(boolean fresh) {
        return CloudUnderTest.start(workDir, onState(fresh));
    }

    private static SqsClient sqs(LocalCloud cloud) {
        return LocalClients.create(SqsClient.builder(), cloud.endpoint(), "us-east-1");
    }

    @Test
    void messagesDeadLettersAttributesAndReceiveCountsSurviveACrash() {
        String body = "héllo ✓ \uD83D\uDE00"; // not ASCII: kept as sent
        Map<String, String> sentIds = new java.util.TreeMap<>();
        String inFlightId;
        LocalCloud first = start(false);
        try (SqsClient sqs = sqs(first)) {
            String dlq = sqs.createQueue(b -> b.queueName("work-dlq")).queueUrl();
            String dlqArn = sqs.getQueueAttributes(b -> b.queueUrl(dlq).attributeNames(QueueAttributeName.QUEUE_ARN))
                    .attributes().get(QueueAttributeName.QUEUE_ARN);
            String work = sqs.createQueue(b -> b.queueName("work").attributesWithStrings(Map.of(
                    "VisibilityTimeout", "1",
                    "RedrivePolicy", "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":\"1\"}")))
                    .queueUrl();
            for (int i = 0; i < 20; i++) {
                int n = i;
                String id = sqs.sendMessage(b -> b.queueUrl(work).messageBody(body + " " + n).messageAttributes(
                        Map.of("n", MessageAttributeValue.builder().dataType("Number").stringValue("" + n).build())))
                        .messageId();
                sentIds.put(id, body + " " + n);
            }
            // one received and left in flight; one received twice (the second receive moves it to the DLQ)
            Message inFlight = sqs.receiveMessage(b -> b.queueUrl(work).maxNumberOfMessages(1)).messages().get(0);
            inFlightId = inFlight.messageId();
            Message deleted = sqs.receiveMessage(b -> b.queueUrl(work).maxNumberOfMessages(1)).messages().get(0);
            sqs.deleteMessage(b -> b.queueUrl(work).receiptHandle(deleted.receiptHandle()));
            sentIds.remove(deleted.messageId());
        }
        first.kill();

        try (CloudUnderTest second = restart(false)) {
            SqsClient sqs = second.sqs();
            String work = sqs.getQueueUrl(b -> b.queueName("work")).queueUrl();
            String dlq = sqs.getQueueUrl(b -> b.queueName("work-dlq")).queueUrl();
            assertThat(sqs.getQueueAttributes(b -> b.queueUrl(work).attributeNames(QueueAttributeName.ALL))
                    .attributesAsStrings()).containsEntry("VisibilityTimeout", "1")
                    .hasEntrySatisfying("RedrivePolicy", policy -> assertThat(policy).contains("work-dlq"));
            // everything sent and not deleted is back: 18 visible; the one in flight comes back after its visibility
            // timeout with its receive count, and its next receive moves it to the DLQ
            List<Message> all = new ArrayList<>();
            for (int round = 0; round < 40 && all.size() < sentIds.size(); round++) {
                List<Message> got = sqs.receiveMessage(b -> b.queueUrl(work).maxNumberOfMessages(10).waitTimeSeconds(1)
                        .messageAttributeNames("All").messageSystemAttributeNames(MessageSystemAttributeName.ALL))
                        .messages();
                all.addAll(got);
                got.forEach(m -> sqs.deleteMessage(b -> b.queueUrl(work).receiptHandle(m.receiptHandle())));
                all.addAll(sqs.receiveMessage(b -> b.queueUrl(dlq).maxNumberOfMessages(10)).messages());
            }
            Map<String, String> back = new java.util.TreeMap<>();
            all.forEach(m -> back.put(m.messageId(), m.body()));
            assertThat(back).isEqualTo(sentIds);
            assertThat(all).filteredOn(m -> m.messageId().equals(inFlightId)).hasSize(1);
            Message any = all.stream().filter(m -> !m.messageId().equals(inFlightId)).findFirst().orElseThrow();
            assertThat(any.messageAttributes().get("n").dataType()).isEqualTo("Number");
        }
    }

    @Test
    void fifoQueuesComeBackFifoWithTheirOrder() {
        LocalCloud first = start(false);
        try (SqsClient sqs = sqs(first)) {
            String url = sqs.createQueue(b -> b.queueName("steps.fifo").attributesWithStrings(Map.of(
                    "FifoQueue", "true", "ContentBasedDeduplication", "true"))).queueUrl();
            for (int i = 0; i < 30; i++) {
                int n = i;
                sqs.sendMessage(b -> b.queueUrl(url).messageBody("step " + n).messageGroupId(n % 2 == 0 ? "a" : "b"));
            }
        }
        first.kill();

        try (CloudUnderTest second = restart(false)) {
            SqsClient sqs = second.sqs();
            String url = sqs.getQueueUrl(b -> b.queueName("steps.fifo")).queueUrl();
            assertThat(sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.FIFO_QUEUE))
                    .attributesAsStrings()).containsEntry("FifoQueue", "true");
            List<String> a = new ArrayList<>();
            List<String> b = new ArrayList<>();
            for (int round = 0; round < 20 && a.size() + b.size() < 30; round++) {
                for (Message m : sqs.receiveMessage(r -> r.queueUrl(url).maxNumberOfMessages(10)
                        .messageSystemAttributeNames(MessageSystemAttributeName.MESSAGE_GROUP_ID)).messages()) {
                    (m.attributesAsStrings().get("MessageGroupId").equals("a") ? a : b).add(m.body());
                    sqs.deleteMessage(r -> r.queueUrl(url).receiptHandle(m.receiptHandle()));
                }
            }
            assertThat(a).containsExactly(java.util.stream.IntStream.range(0, 30).filter(i -> i % 2 == 0)
                    .mapToObj(i -> "step " + i).toArray(String[]::new));
            assertThat(b).containsExactly(java.util.stream.IntStream.range(0, 30).filter(i -> i % 2 == 1)
                    .mapToObj(i -> "step " + i).toArray(String[]::new));
        }
    }

    @Test
    void deletedAndPurgedQueuesStayGoneAndFreshStartsEmpty() {
        LocalCloud first = start(false);
        try (SqsClient sqs = sqs(first)) {
            String gone = sqs.createQueue(b -> b.queueName("gone")).queueUrl();
            sqs.sendMessage(b -> b.queueUrl(gone).messageBody("x"));
            sqs.deleteQueue(b -> b.queueUrl(gone));
            String purged = sqs.createQueue(b -> b.queueName("purged")).queueUrl();
            sqs.sendMessage(b -> b.queueUrl(purged).messageBody("x"));
            sqs.purgeQueue(b -> b.queueUrl(purged));
        }
        first.close();

        try (CloudUnderTest second = restart(false)) {
            SqsClient sqs = second.sqs();
            assertThatThrownBy(() -> sqs.getQueueUrl(b -> b.queueName("gone")))
                    .isInstanceOf(QueueDoesNotExistException.class);
            String purged = sqs.getQueueUrl(b -> b.queueName("purged")).queueUrl();
            assertThat(sqs.receiveMessage(b -> b.queueUrl(purged).waitTimeSeconds(1)).messages()).isEmpty();
        }

        try (CloudUnderTest fresh = restart(true)) {
            SqsClient sqs = fresh.sqs();
            assertThat(sqs.listQueues().queueUrls()).isEmpty();
        }
    }

    @Test
    void aCorruptedStateFileIsOneClearError() throws Exception {
        LocalCloud first = start(false);
        first.close();
        Path file = workDir.resolve("state").resolve(StateStore.FILE_NAME);
        assertThat(file).exists();
        byte[] garbage = new byte[(int) Files.size(file)];
        java.util.Arrays.fill(garbage, (byte) 'x');
        Files.write(file, garbage);

        assertThatThrownBy(() -> start(false)).isInstanceOf(StateException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("--fresh");
        LocalCloud fresh = start(true);
        fresh.close();
    }
}
