package dev.sluice.functions;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import software.amazon.awssdk.services.sqs.SqsClient;

/** What reached the orders bus, read back from the queue "published" that its catch-all rule fills (the tests' world). */
public final class Published {

    private static final String QUEUE = "published";

    private Published() {
    }

    /** Forgets what was published before. */
    public static void clear(SqsClient sqs) {
        Queues.drain(sqs, QUEUE);
    }

    /** {@code expected} events, or fewer. */
    public static List<JsonNode> take(SqsClient sqs, int expected) {
        return Queues.take(sqs, QUEUE, expected);
    }

    /** What reaches the queue within a second: nothing, when the function published nothing. */
    public static List<JsonNode> withinASecond(SqsClient sqs) {
        return Queues.nothingWithinASecond(sqs, QUEUE);
    }
}
