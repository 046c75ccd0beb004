package dev.sluice.local.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.local.core.CloudContext;
import dev.sluice.local.core.Json;
import dev.sluice.local.edge.AwsError;
import dev.sluice.local.edge.RequestFields;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * PutEvents: validates each entry on its own (a bad entry fails alone, with a per-entry ErrorCode), completes
 * the envelope, matches it against the bus's rules and hands matches to the dispatcher.
 */
record PutEventsAction(EventBuses buses, Archives archives, TargetDispatcher dispatcher, ObjectMapper json, Clock clock, CloudContext context) {

    static final int MAX_ENTRIES = 10;
    /** AWS raised the PutEvents payload limit to 1 MiB (per entry and per request). */
    static final int MAX_SIZE_BYTES = 1024 * 1024;

    /** An entry after validation: the envelope to route, or the error to report. */
    private record Checked(String busName, ObjectNode envelope, String errorCode, String errorMessage, long size) {
        static Checked error(String code, String message) {
            return new Checked(null, null, code, message, 0);
        }
    }

    JsonNode putEvents(RequestFields request) {
        JsonNode entries = request.node("Entries");
        int count = entries == null || !entries.isArray() ? 0 : entries.size();
        if (count < 1 || count > MAX_ENTRIES) {
            request.violation("Entries", entries, "Member must have length between 1 and " + MAX_ENTRIES + " (given "
                    + count + ")");
        }
        request.check();
        Instant now = clock.instant();
        List<Checked> checked = new ArrayList<>();
        long total = 0;
        for (JsonNode entry : entries) {
            Checked c = check(entry, now);
            checked.add(c);
            total += c.size();
        }
        if (total > MAX_SIZE_BYTES) {
            throw AwsError.validation("Total size of the entries in the request is " + total
                    + " bytes, over the limit of " + MAX_SIZE_BYTES + " bytes");
        }

        ObjectNode response = json.createObjectNode();
        ArrayNode results = json.createArrayNode();
        int failed = 0;
        List<TargetDispatcher.Match> matches = new ArrayList<>();
        List<Archives.Incoming> accepted = new ArrayList<>();
        for (Checked c : checked) {
            ObjectNode result = results.addObject();
            if (c.errorCode() != null) {
                failed++;
                result.put("ErrorCode", c.errorCode()).put("ErrorMessage", c.errorMessage());
                continue;
            }
            result.put("EventId", c.envelope().get("id").asText());
            route(c.busName(), c.envelope(), now, matches);
            accepted.add(new Archives.Incoming(c.busName(), c.envelope(), now));
        }
        archives.record(accepted);
        dispatcher.dispatch(matches);
        response.put("FailedEntryCount", failed);
        response.set("Entries", results);
        return response;
    }

    private void route(String busName, ObjectNode envelope, Instant receivedAt, List<TargetDispatcher.Match> matches) {
        EventBuses.Bus bus = buses.findBus(busName);
        if (bus == null) {
            return; // deleted since validation; AWS gives no guarantee either
        }
        List<Rule> rules = bus.routes.match(envelope);
        if (rules.isEmpty()) {
            return;
        }
        String eventJson = envelope.toString();
        for (Rule rule : rules) {
            matches.add(new TargetDispatcher.Match(rule, envelope, eventJson, receivedAt));
        }
    }

    private Checked check(JsonNode entry, Instant now) {
        if (!entry.isObject()) {
            return Checked.error("InvalidArgument", "Entry must be an object.");
        }
        String source = text(entry, "Source");
        String detailType = text(entry, "DetailType");
        String detail = text(entry, "Detail");
        JsonNode resources = entry.get("Resources");
        JsonNode time = entry.get("Time");

        long size = (time != null && !time.isNull() ? 14 : 0) + utf8(source) + utf8(detailType) + utf8(detail);
        if (resources != null && resources.isArray()) {
            for (JsonNode resource : resources) {
                size += utf8(resource.asText());
            }
        }
        if (size > MAX_SIZE_BYTES) {
            return new Checked(null, null, "ValidationException", "Entry size is " + size
                    + " bytes, over the limit of " + MAX_SIZE_BYTES + " bytes (Time 14 + Source + DetailType + Detail"
                    + " + Resources, UTF-8).", 0);
        }
        if (source == null || source.isEmpty()) {
            return Checked.error("InvalidArgument", "Parameter Source is not valid. Reason: Source is a required argument.");
        }
        if (detailType == null || detailType.isEmpty()) {
            return Checked.error("InvalidArgument",
                    "Parameter DetailType is not valid. Reason: DetailType is a required argument.");
        }
        if (detail == null || detail.isEmpty()) {
            return Checked.error("InvalidArgument", "Parameter Detail is not valid. Reason: Detail is a required argument.");
        }
        ObjectNode detailNode = Json.readObject(json, detail);
        if (detailNode == null) {
            return Checked.error("MalformedDetail", "Detail is malformed: it must be a JSON object.");
        }
        ArrayNode resourceList = json.createArrayNode();
        if (resources != null && !resources.isNull()) {
            if (!resources.isArray()) {
                return Checked.error("InvalidArgument", "Parameter Resources is not valid. Reason: must be a list of ARNs.");
            }
            for (JsonNode resource : resources) {
                if (!resource.isTextual()) {
                    return Checked.error("InvalidArgument",
                            "Parameter Resources is not valid. Reason: each resource must be a string.");
                }
                resourceList.add(resource.asText());
            }
        }
        Instant eventTime;
        try {
            eventTime = time == null || time.isNull() ? now : parseTime(time);
        } catch (RuntimeException e) {
            return Checked.error("InvalidArgument", "Parameter Time is not valid. Reason: " + time
                    + " is neither epoch seconds nor an ISO-8601 timestamp.");
        }
        String busName = EventBuses.busName(text(entry, "EventBusName"));
        if (buses.findBus(busName) == null) {
            return Checked.error("ResourceNotFoundException", "Event bus " + busName + " does not exist.");
        }

        ObjectNode envelope = EventEnvelope.of(json, context, source, detailType, eventTime, resourceList, detailNode);
        return new Checked(busName, envelope, null, null, size);
    }

    private static Instant parseTime(JsonNode time) {
        if (time.isNumber()) {
            BigDecimal seconds = time.decimalValue();
            return Instant.ofEpochSecond(seconds.longValue(),
                    seconds.remainder(BigDecimal.ONE).movePointRight(9).longValue());
        }
        String text = time.asText();
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return Instant.ofEpochMilli(Math.round(Double.parseDouble(text) * 1000));
        }
    }

    private static String text(JsonNode entry, String member) {
        JsonNode node = entry.get(member);
        return node == null || node.isNull() ? null : node.asText();
    }

    private static long utf8(String value) {
        return value == null ? 0 : value.getBytes(StandardCharsets.UTF_8).length;
    }
}
