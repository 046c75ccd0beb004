package dev.sluice.local.lambda.eventsource;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.local.core.Json;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/** The event Lambda hands a function for a batch of SQS messages, field for field as AWS builds it. */
final class SqsEvent {

    private static final List<String> ATTRIBUTE_ORDER = List.of("ApproximateReceiveCount", "SentTimestamp",
            "SequenceNumber", "MessageGroupId", "SenderId", "MessageDeduplicationId",
            "ApproximateFirstReceiveTimestamp");

    private SqsEvent() {
    }

    /** The synchronous invocation payload quota an SQS mapping's invoke stays within: 6 MB. */
    static final int MAX_PAYLOAD_BYTES = 6 * 1024 * 1024;

    /**
     * The batch cut, in order, into parts whose events are each at most {@code limit} bytes (as AWS passes a batch "as
     * long as the total size of the events doesn't exceed the invocation payload size quota for synchronous
     * invocation (6 MB)"). A message whose event alone is larger gets a part of its own.
     */
    static List<List<Message>> partsWithin(List<Message> messages, String queueArn, String region, int limit) {
        int envelope = of(List.of(), queueArn, region).length; // {"Records":[]}
        List<List<Message>> parts = new java.util.ArrayList<>();
        List<Message> part = new java.util.ArrayList<>();
        long size = envelope;
        for (Message message : messages) {
            long record = of(List.of(message), queueArn, region).length - envelope;
            long grown = size + record + (part.isEmpty() ? 0 : 1); // the comma between records
            if (!part.isEmpty() && grown > limit) {
                parts.add(part);
                part = new java.util.ArrayList<>();
                grown = envelope + record;
            }
            part.add(message);
            size = grown;
        }
        if (!part.isEmpty()) {
            parts.add(part);
        }
        return parts;
    }

    static byte[] of(List<Message> messages, String queueArn, String region) {
        ObjectNode event = Json.object();
        ArrayNode records = event.putArray("Records");
        for (Message message : messages) {
            ObjectNode record = records.addObject();
            record.put("messageId", message.messageId());
            record.put("receiptHandle", message.receiptHandle());
            record.put("body", message.body());
            ObjectNode attributes = record.putObject("attributes");
            Map<String, String> system = message.attributesAsStrings();
            ATTRIBUTE_ORDER.forEach(name -> {
                if (system.containsKey(name)) {
                    attributes.put(name, system.get(name));
                }
            });
            system.forEach((name, value) -> {
                if (!attributes.has(name)) {
                    attributes.put(name, value);
                }
            });
            ObjectNode messageAttributes = record.putObject("messageAttributes");
            message.messageAttributes().forEach((name, value) -> messageAttributes.set(name, attribute(value)));
            record.put("md5OfBody", message.md5OfBody());
            if (message.md5OfMessageAttributes() != null) {
                record.put("md5OfMessageAttributes", message.md5OfMessageAttributes());
            }
            record.put("eventSource", "aws:sqs");
            record.put("eventSourceARN", queueArn);
            record.put("awsRegion", region);
        }
        return Json.bytes(event);
    }

    private static ObjectNode attribute(MessageAttributeValue value) {
        ObjectNode attribute = Json.object();
        if (value.stringValue() != null) {
            attribute.put("stringValue", value.stringValue());
        }
        if (value.binaryValue() != null) {
            attribute.put("binaryValue", Base64.getEncoder().encodeToString(value.binaryValue().asByteArray()));
        }
        ArrayNode strings = attribute.putArray("stringListValues");
        value.stringListValues().forEach(strings::add);
        ArrayNode binaries = attribute.putArray("binaryListValues");
        value.binaryListValues().forEach(b -> binaries.add(Base64.getEncoder().encodeToString(b.asByteArray())));
        attribute.put("dataType", value.dataType());
        return attribute;
    }
}
