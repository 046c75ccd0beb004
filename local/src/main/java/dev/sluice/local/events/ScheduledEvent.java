package dev.sluice.local.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.local.core.CloudContext;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * The event a scheduled rule sends its targets, as EventBridge writes it: source {@code aws.events}, detail-type
 * {@code Scheduled Event}, the rule's ARN as the one resource, an empty detail, and the time it was due.
 */
final class ScheduledEvent {

    static final String SOURCE = "aws.events";
    static final String DETAIL_TYPE = "Scheduled Event";

    private ScheduledEvent() {
    }

    static ObjectNode envelope(ObjectMapper json, CloudContext context, Rule rule, Instant time) {
        ObjectNode envelope = json.createObjectNode();
        envelope.put("version", "0");
        envelope.put("id", UUID.randomUUID().toString());
        envelope.put("detail-type", DETAIL_TYPE);
        envelope.put("source", SOURCE);
        envelope.put("account", context.accountId());
        envelope.put("time", time.truncatedTo(ChronoUnit.SECONDS).toString());
        envelope.put("region", context.region());
        envelope.putArray("resources").add(rule.arn());
        envelope.putObject("detail");
        return envelope;
    }
}
