package dev.sluice.local.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.local.core.CloudContext;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/** The envelope EventBridge wraps every event in before its targets see it, with a new id. */
final class EventEnvelope {

    /** What a scheduled rule's events say they come from. */
    static final String SCHEDULED_SOURCE = "aws.events";
    static final String SCHEDULED_DETAIL_TYPE = "Scheduled Event";

    private EventEnvelope() {
    }

    /** An event put or sent in {@code context}'s account and region, its time to the second. */
    static ObjectNode of(ObjectMapper json, CloudContext context, String source, String detailType, Instant time,
                         ArrayNode resources, ObjectNode detail) {
        ObjectNode envelope = json.createObjectNode();
        envelope.put("version", "0");
        envelope.put("id", UUID.randomUUID().toString());
        envelope.put("detail-type", detailType);
        envelope.put("source", source);
        envelope.put("account", context.accountId());
        envelope.put("time", time.truncatedTo(ChronoUnit.SECONDS).toString());
        envelope.put("region", context.region());
        envelope.set("resources", resources);
        envelope.set("detail", detail);
        return envelope;
    }

    /**
     * The event a scheduled rule sends its targets, as EventBridge writes it: source {@code aws.events}, detail-type
     * {@code Scheduled Event}, the rule's ARN as the one resource, an empty detail, and the time it was due.
     */
    static ObjectNode scheduled(ObjectMapper json, CloudContext context, Rule rule, Instant due) {
        return of(json, context, SCHEDULED_SOURCE, SCHEDULED_DETAIL_TYPE, due, json.createArrayNode().add(rule.arn()),
                json.createObjectNode());
    }
}
