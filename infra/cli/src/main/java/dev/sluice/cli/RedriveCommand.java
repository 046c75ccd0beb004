package dev.sluice.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * {@code sluice redrive}: moves messages from a dead-letter queue back to its source. Each message is sent
 * first and deleted only after the send succeeded, so a failure part-way leaves it in the dead-letter queue
 * (it may then be delivered twice, never lost).
 */
@Command(name = "redrive", mixinStandardHelpOptions = true, versionProvider = SluiceVersion.class,
        header = "Move messages from a dead-letter queue back to its source queue.")
final class RedriveCommand extends AwsCommand {

    /** SQS's batch limit for receive, send and delete. */
    static final int BATCH = 10;
    /** How long received messages stay hidden from other consumers while they are moved. */
    static final int VISIBILITY_SECONDS = 60;

    @Parameters(index = "0", paramLabel = "QUEUE", description = "The dead-letter queue (name or URL).")
    String queue;

    @Option(names = "--to", paramLabel = "SOURCE",
            description = "Queue to move the messages to (name or URL). Default: the queue whose redrive policy "
                    + "names QUEUE (ListDeadLetterSourceQueues).")
    String to;

    @Option(names = "--max", paramLabel = "N", description = "Move at most N messages. Default: all.")
    Integer max;

    @Override
    public Integer call() {
        if (max != null && max < 1) {
            throw usage("--max must be at least 1 (given " + max + ")");
        }
        PrintWriter out = out();
        try (SqsClient sqs = aws.client(SqsClient.builder())) {
            String from = QueueNames.urlOf(sqs, queue);
            String target = to != null ? QueueNames.urlOf(sqs, to) : sourceOf(sqs, from);
            int moved = move(sqs, from, target);
            out.println("Moved " + moved + " message" + (moved == 1 ? "" : "s") + " from "
                    + QueueNames.nameOf(from) + " to " + QueueNames.nameOf(target) + ".");
        }
        out.flush();
        return 0;
    }

    private String sourceOf(SqsClient sqs, String deadLetterUrl) {
        List<String> sources = new ArrayList<>();
        sqs.listDeadLetterSourceQueuesPaginator(r -> r.queueUrl(deadLetterUrl)).queueUrls().forEach(sources::add);
        String name = QueueNames.nameOf(deadLetterUrl);
        if (sources.isEmpty()) {
            throw new CommandFailure("no queue uses '" + name + "' as its dead-letter queue: name the target with --to");
        }
        if (sources.size() > 1) {
            throw new CommandFailure("several queues use '" + name + "' as their dead-letter queue ("
                    + String.join(", ", sources.stream().map(QueueNames::nameOf).toList()) + "): choose one with --to");
        }
        return sources.get(0);
    }

    private int move(SqsClient sqs, String from, String target) {
        boolean fifo = target.endsWith(".fifo");
        int moved = 0;
        List<String> failures = new ArrayList<>();
        while (max == null || moved < max) {
            int wanted = max == null ? BATCH : Math.min(BATCH, max - moved);
            List<Message> messages = sqs.receiveMessage(r -> r.queueUrl(from)
                    .maxNumberOfMessages(wanted)
                    .waitTimeSeconds(1)
                    .visibilityTimeout(VISIBILITY_SECONDS)
                    .messageAttributeNames("All")
                    .messageSystemAttributeNames(MessageSystemAttributeName.MESSAGE_GROUP_ID,
                            MessageSystemAttributeName.MESSAGE_DEDUPLICATION_ID))
                    .messages();
            if (messages.isEmpty()) {
                break;
            }
            Map<String, Message> byId = new HashMap<>();
            List<SendMessageBatchRequestEntry> sends = new ArrayList<>();
            for (int i = 0; i < messages.size(); i++) {
                Message m = messages.get(i);
                String id = Integer.toString(i);
                byId.put(id, m);
                SendMessageBatchRequestEntry.Builder send = SendMessageBatchRequestEntry.builder()
                        .id(id).messageBody(m.body()).messageAttributes(m.messageAttributes());
                if (fifo) {
                    Map<MessageSystemAttributeName, String> system = m.attributes();
                    send.messageGroupId(system.getOrDefault(MessageSystemAttributeName.MESSAGE_GROUP_ID, "redrive"))
                            .messageDeduplicationId(system.getOrDefault(
                                    MessageSystemAttributeName.MESSAGE_DEDUPLICATION_ID, m.messageId()));
                }
                sends.add(send.build());
            }
            SendMessageBatchResponse sent = sqs.sendMessageBatch(r -> r.queueUrl(target).entries(sends));
            for (BatchResultErrorEntry failed : sent.failed()) {
                failures.add(byId.get(failed.id()).messageId() + ": " + failed.code() + " " + failed.message());
            }
            Set<String> sentIds = new HashSet<>();
            sent.successful().forEach(s -> sentIds.add(s.id()));
            if (sentIds.isEmpty()) {
                break; // nothing goes through: stop rather than spin on the same messages
            }
            List<DeleteMessageBatchRequestEntry> deletes = sentIds.stream()
                    .map(id -> DeleteMessageBatchRequestEntry.builder().id(id).receiptHandle(byId.get(id).receiptHandle()).build())
                    .toList();
            DeleteMessageBatchResponse deleted = sqs.deleteMessageBatch(r -> r.queueUrl(from).entries(deletes));
            for (BatchResultErrorEntry failed : deleted.failed()) {
                failures.add(byId.get(failed.id()).messageId() + " was copied but not deleted (it may arrive twice): "
                        + failed.code() + " " + failed.message());
            }
            moved += sentIds.size();
        }
        if (!failures.isEmpty()) {
            failures.forEach(this::warn);
            throw new CommandFailure("moved " + moved + " message(s); " + failures.size()
                    + " could not be moved and stay in " + QueueNames.nameOf(from));
        }
        return moved;
    }
}
