package dev.sluice.local.lambda.eventsource;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The messages one poller collects for one invocation, each at most once. A message received again while the batch is
 * collected (its visibility timeout ran out during the batching window) keeps its place and takes its newest receipt
 * handle and attributes: only the newest handle can delete it.
 */
final class CollectedBatch {

    private final Map<String, Message> byId = new LinkedHashMap<>();
    private int receivedAgain;

    /** Adds what one ReceiveMessage call returned. */
    void add(List<Message> received) {
        for (Message message : received) {
            if (byId.put(message.messageId(), message) != null) {
                receivedAgain++;
            }
        }
    }

    int size() {
        return byId.size();
    }

    boolean isEmpty() {
        return byId.isEmpty();
    }

    /** How many receives returned a message the batch already held. */
    int receivedAgain() {
        return receivedAgain;
    }

    /** The messages in the order they were first received. */
    List<Message> messages() {
        return new ArrayList<>(byId.values());
    }
}
