package dev.sluice.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Lambda's SQS event, written by hand for benches that invoke a function directly (no queue, no mapping). */
public final class SqsEvents {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SqsEvents() {
    }

    /** An SQS event holding one record with {@code body}, first received, from {@code queueArn}. */
    public static String oneRecord(String body, String queueArn) {
        ObjectNode event = JSON.createObjectNode();
        ObjectNode record = event.putArray("Records").addObject();
        record.put("messageId", "0f3c6a2e-1b7d-4c55-9a0e-6d2f7a1c9e01");
        record.put("receiptHandle", "bench");
        record.put("body", body);
        ObjectNode attributes = record.putObject("attributes");
        attributes.put("ApproximateReceiveCount", "1");
        attributes.put("SentTimestamp", "1768471200000");
        attributes.put("SenderId", "000000000000");
        attributes.put("ApproximateFirstReceiveTimestamp", "1768471200010");
        record.putObject("messageAttributes");
        record.put("md5OfBody", "");
        record.put("eventSource", "aws:sqs");
        record.put("eventSourceARN", queueArn);
        record.put("awsRegion", queueArn.split(":")[3]);
        return event.toString();
    }
}
