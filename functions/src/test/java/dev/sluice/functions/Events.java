package dev.sluice.functions;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Builds Lambda events from the sample files in {@code src/test/resources/events}. */
public final class Events {

    public static final ObjectMapper JSON = new ObjectMapper();

    private Events() {
    }

    /** A fresh, mutable copy of a sample file. */
    public static ObjectNode load(String name) {
        try (InputStream in = Events.class.getResourceAsStream("/events/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no sample event " + name);
            }
            return (ObjectNode) JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The sample OrderPlaced envelope with a new order id and event id. */
    public static ObjectNode orderPlaced(String orderId) {
        ObjectNode envelope = load("order-placed.json");
        envelope.put("id", "evt-" + orderId);
        ((ObjectNode) envelope.get("detail")).put("orderId", orderId);
        return envelope;
    }

    public static ObjectNode detail(ObjectNode envelope) {
        return (ObjectNode) envelope.get("detail");
    }

    public static ObjectNode item(ObjectNode envelope, int index) {
        return (ObjectNode) detail(envelope).get("items").get(index);
    }

    public static ArrayNode items(ObjectNode envelope) {
        return (ArrayNode) detail(envelope).get("items");
    }

    /** An SQS event as an event source mapping delivers it: one record per (messageId, body), in order. */
    public static String sqsEvent(List<Map.Entry<String, String>> records) {
        ObjectNode event = JSON.createObjectNode();
        ArrayNode array = event.putArray("Records");
        for (Map.Entry<String, String> record : records) {
            ObjectNode node = load("sqs-record.json");
            node.put("messageId", record.getKey());
            node.put("body", record.getValue());
            array.add(node);
        }
        return event.toString();
    }

    public static String sqsEvent(String messageId, JsonNode body) {
        return sqsEvent(List.of(Map.entry(messageId, body.toString())));
    }
}
