package dev.sluice.local.lambda.eventsource;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.local.core.Arn;
import dev.sluice.local.core.Json;
import dev.sluice.local.lambda.runtime.FunctionError;
import dev.sluice.local.lambda.runtime.InvocationResult;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The local cloud's own log line for each failed batch or record of an SQS event source mapping: the function, the
 * request id, the error type and message, and what happens to the records next (they come back after the queue's
 * visibility timeout, or move to its dead-letter queue when their receive count has reached maxReceiveCount). The
 * queue's settings are read on the first failure and again at most every 10 seconds.
 */
final class FailureNotice {

    private static final Logger LOG = LoggerFactory.getLogger(EventSourceMapping.class);
    private static final Duration QUEUE_FACTS_MAX_AGE = Duration.ofSeconds(10);
    private static final int MAX_MESSAGE = 300;
    private static final int MAX_IDS = 10;
    private static final String UNKNOWN_FATE = "the records return after the queue's visibility timeout, or move to"
            + " its dead-letter queue as its redrive policy says (the queue's settings could not be read)";

    private final SqsClient sqs;
    private QueueFacts facts;
    private long factsRead;

    /**
     * What decides a failed record's fate; maxReceiveCount 0 when the queue has no redrive policy, the visibility
     * timeout -1 when the settings could not be read.
     */
    record QueueFacts(int visibilityTimeoutSeconds, int maxReceiveCount, String deadLetterQueue) {
    }

    FailureNotice(SqsClient sqs) {
        this.sqs = sqs;
    }

    /**
     * One line for a batch that failed as a whole: the function failed, timed out, crashed or was throttled, or its
     * partial batch response was not valid.
     */
    void batchFailed(String function, String queueUrl, List<Message> batch, InvocationResult result, String why) {
        QueueFacts queue = facts(queueUrl);
        String error = result.failed() ? result.errorType() + ": " + FunctionError.firstLine(result.errorMessage(),
                MAX_MESSAGE) : why;
        LOG.warn("{}: batch of {} record(s) from {} failed (request {}): {}; {}", function, batch.size(),
                Arn.nameOf(queueUrl), requestId(result), error, fate(batch, queue));
    }

    /**
     * One line per record reported in {@code batchItemFailures}; on a FIFO queue, the records after it in its message
     * group come back with it.
     */
    void recordFailed(String function, String queueUrl, Message record, int laterInGroup, InvocationResult result) {
        QueueFacts queue = facts(queueUrl);
        LOG.warn("{}: record {} from {} failed (request {}, reported in batchItemFailures); {}", function,
                record.messageId(), Arn.nameOf(queueUrl), requestId(result), recordFate(record, laterInGroup, queue));
    }

    /** What happens to a whole failed batch, counting the records that reached maxReceiveCount. */
    static String fate(List<Message> batch, QueueFacts queue) {
        if (queue.visibilityTimeoutSeconds() < 0) {
            return UNKNOWN_FATE;
        }
        String visibility = "after the visibility timeout (" + queue.visibilityTimeoutSeconds() + " s)";
        if (queue.maxReceiveCount() <= 0) {
            return "the records return " + visibility + " (the queue has no dead-letter queue)";
        }
        List<String> toDeadLetters = new ArrayList<>();
        for (Message message : batch) {
            if (receiveCount(message) >= queue.maxReceiveCount()) {
                toDeadLetters.add(message.messageId());
            }
        }
        if (toDeadLetters.isEmpty()) {
            return "the records return " + visibility + " (their receive counts are below maxReceiveCount "
                    + queue.maxReceiveCount() + ")";
        }
        String ids = String.join(", ", toDeadLetters.subList(0, Math.min(MAX_IDS, toDeadLetters.size())))
                + (toDeadLetters.size() > MAX_IDS ? ", ..." : "");
        int returning = batch.size() - toDeadLetters.size();
        return (returning == 0 ? "" : returning + " record(s) return " + visibility + "; ") + toDeadLetters.size()
                + " record(s) reached maxReceiveCount " + queue.maxReceiveCount() + " and move to the dead-letter queue "
                + queue.deadLetterQueue() + " " + visibility + ": " + ids;
    }

    /**
     * What happens to one failed record (and, on a FIFO queue, the {@code laterInGroup} records after it), e.g.
     * {@code it returns after the visibility timeout (30 s), receive 1 of maxReceiveCount 3}.
     */
    static String recordFate(Message record, int laterInGroup, QueueFacts queue) {
        if (queue.visibilityTimeoutSeconds() < 0) {
            return UNKNOWN_FATE;
        }
        String visibility = "after the visibility timeout (" + queue.visibilityTimeoutSeconds() + " s)";
        String later = laterInGroup == 0 ? "" : "the " + laterInGroup + " later record(s) of its message group";
        if (queue.maxReceiveCount() <= 0) {
            return "it returns" + (later.isEmpty() ? "" : " with " + later) + " " + visibility
                    + " (the queue has no dead-letter queue)";
        }
        int received = receiveCount(record);
        if (received >= queue.maxReceiveCount()) {
            return "it moves to the dead-letter queue " + queue.deadLetterQueue() + " " + visibility + " (receive "
                    + received + " reached maxReceiveCount " + queue.maxReceiveCount() + ")"
                    + (later.isEmpty() ? "" : "; " + later + " return " + visibility);
        }
        return "it returns" + (later.isEmpty() ? "" : " with " + later) + " " + visibility + ", receive " + received
                + " of maxReceiveCount " + queue.maxReceiveCount();
    }

    private static int receiveCount(Message message) {
        try {
            return Integer.parseInt(message.attributesAsStrings().getOrDefault("ApproximateReceiveCount", "1"));
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    private static String requestId(InvocationResult result) {
        return result.requestId() == null ? "none: not invoked" : result.requestId();
    }

    private synchronized QueueFacts facts(String queueUrl) {
        long now = System.nanoTime();
        if (facts == null || now - factsRead > QUEUE_FACTS_MAX_AGE.toNanos()) {
            facts = read(queueUrl);
            factsRead = now;
        }
        return facts;
    }

    private QueueFacts read(String queueUrl) {
        try {
            Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(r -> r.queueUrl(queueUrl)
                    .attributeNames(QueueAttributeName.VISIBILITY_TIMEOUT, QueueAttributeName.REDRIVE_POLICY))
                    .attributes();
            int visibility = Integer.parseInt(attributes.getOrDefault(QueueAttributeName.VISIBILITY_TIMEOUT, "30"));
            String policy = attributes.get(QueueAttributeName.REDRIVE_POLICY);
            if (policy == null || policy.isBlank()) {
                return new QueueFacts(visibility, 0, null);
            }
            JsonNode redrive = Json.MAPPER.readTree(policy);
            return new QueueFacts(visibility, redrive.path("maxReceiveCount").asInt(0),
                    Arn.nameOf(redrive.path("deadLetterTargetArn").asText(null)));
        } catch (IOException | RuntimeException e) {
            LOG.debug("Could not read the settings of {}: {}", queueUrl, e.toString());
            return new QueueFacts(-1, 0, null);
        }
    }
}
