package dev.sluice.cli;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.sluice.local.core.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;

/**
 * Reads PutEvents entries ({@code Source}, {@code DetailType}, {@code Detail}, {@code EventBusName}, ...) from
 * JSON: one entry or an array of them, {@code Detail} as a string or an object. Fields an entry leaves out come
 * from the command's defaults. Every error names where it is and what is wrong.
 */
final class EventEntries {

    /** EventBridge's limit on one entry (and on a whole PutEvents request). */
    static final int MAX_ENTRY_BYTES = 1024 * 1024;

    private static final Set<String> FIELDS = Set.of("Source", "DetailType", "Detail", "EventBusName", "Resources", "TraceHeader");
    private static final ObjectReader JSON = Json.MAPPER.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** Thrown for input that cannot be sent; the message is ready to print. */
    static final class InvalidEntries extends Exception {
        InvalidEntries(String message) {
            super(message);
        }
    }

    record Defaults(String eventBusName, String source, String detailType) {
    }

    /** An entry of a traffic file and how often it is sent relative to the others. */
    record Weighted(PutEventsRequestEntry entry, int weight) {
    }

    /**
     * Entries of a traffic file ({@code sluice local up --demo}): like {@link #parse}, and each entry may carry a
     * {@code Weight} (a whole number 1-1000, default 1), Sluice's own field, which is not sent.
     */
    static List<Weighted> parseWeighted(String json, String origin, Defaults defaults) throws InvalidEntries {
        JsonNode root = readJson(json, origin);
        if (!root.isArray() || root.isEmpty()) {
            throw new InvalidEntries(origin + ": expected a non-empty array of PutEvents entries");
        }
        List<Weighted> entries = new ArrayList<>();
        for (int i = 0; i < root.size(); i++) {
            String where = origin + ": entry " + (i + 1);
            JsonNode node = root.get(i);
            int weight = 1;
            if (node.isObject() && node.has("Weight")) {
                JsonNode value = node.get("Weight");
                if (!value.canConvertToInt() || !value.isIntegralNumber() || value.asInt() < 1 || value.asInt() > 1000) {
                    throw new InvalidEntries(where + ": Weight must be a whole number between 1 and 1000 (given "
                            + value + ")");
                }
                weight = value.asInt();
                node = ((com.fasterxml.jackson.databind.node.ObjectNode) node.deepCopy()).without("Weight");
            }
            entries.add(new Weighted(entry(node, where, defaults), weight));
        }
        return entries;
    }

    private EventEntries() {
    }

    /** Parses {@code json} (read from {@code origin}, e.g. a file name or {@code --entry}). */
    static List<PutEventsRequestEntry> parse(String json, String origin, Defaults defaults) throws InvalidEntries {
        JsonNode root = readJson(json, origin);
        List<JsonNode> nodes = new ArrayList<>();
        if (root.isArray()) {
            root.forEach(nodes::add);
            if (nodes.isEmpty()) {
                throw new InvalidEntries(origin + ": the array holds no entries");
            }
        } else if (root.isObject()) {
            nodes.add(root);
        } else {
            throw new InvalidEntries(origin + ": expected a PutEvents entry object or an array of them, found "
                    + root.getNodeType().toString().toLowerCase());
        }
        List<PutEventsRequestEntry> entries = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            String where = nodes.size() == 1 ? origin : origin + ": entry " + (i + 1);
            entries.add(entry(nodes.get(i), where, defaults));
        }
        return entries;
    }

    /** One entry whose detail is {@code detailJson} (a JSON object), everything else from the defaults. */
    static PutEventsRequestEntry ofDetail(String detailJson, String origin, Defaults defaults) throws InvalidEntries {
        JsonNode detail = readJson(detailJson, origin);
        if (!detail.isObject()) {
            throw new InvalidEntries(origin + ": Detail must be a JSON object");
        }
        return checked(PutEventsRequestEntry.builder()
                .eventBusName(defaults.eventBusName())
                .source(defaults.source())
                .detailType(defaults.detailType())
                .detail(detail.toString())
                .build(), origin);
    }

    private static PutEventsRequestEntry entry(JsonNode node, String where, Defaults defaults) throws InvalidEntries {
        if (!node.isObject()) {
            throw new InvalidEntries(where + ": expected an object with Source, DetailType and Detail");
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw new InvalidEntries(where + ": unknown field '" + name + "' (expected one of "
                        + String.join(", ", FIELDS.stream().sorted().toList()) + ")");
            }
        }
        JsonNode detail = node.get("Detail");
        String detailJson;
        if (detail == null || detail.isNull()) {
            throw new InvalidEntries(where + ": Detail is required (a JSON object, or a string holding one)");
        } else if (detail.isTextual()) {
            JsonNode parsed = readJson(detail.asText(), where + ": Detail");
            if (!parsed.isObject()) {
                throw new InvalidEntries(where + ": Detail must hold a JSON object");
            }
            detailJson = detail.asText();
        } else if (detail.isObject()) {
            detailJson = detail.toString();
        } else {
            throw new InvalidEntries(where + ": Detail must be a JSON object or a string holding one");
        }
        PutEventsRequestEntry.Builder entry = PutEventsRequestEntry.builder()
                .eventBusName(text(node, "EventBusName", where, defaults.eventBusName()))
                .source(text(node, "Source", where, defaults.source()))
                .detailType(text(node, "DetailType", where, defaults.detailType()))
                .detail(detailJson);
        if (node.has("TraceHeader")) {
            entry.traceHeader(text(node, "TraceHeader", where, null));
        }
        JsonNode resources = node.get("Resources");
        if (resources != null) {
            if (!resources.isArray()) {
                throw new InvalidEntries(where + ": Resources must be an array of ARNs");
            }
            List<String> arns = new ArrayList<>();
            resources.forEach(r -> arns.add(r.asText()));
            entry.resources(arns);
        }
        return checked(entry.build(), where);
    }

    private static String text(JsonNode node, String field, String where, String fallback) throws InvalidEntries {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            throw new InvalidEntries(where + ": " + field + " must be a non-empty string");
        }
        return value.asText();
    }

    /** Sizes as EventBridge counts them: the UTF-8 bytes of Source, DetailType, Detail and Resources. */
    private static PutEventsRequestEntry checked(PutEventsRequestEntry entry, String where) throws InvalidEntries {
        if (entry.source() == null) {
            throw new InvalidEntries(where + ": Source is required: give it in the entry or with --source");
        }
        if (entry.detailType() == null) {
            throw new InvalidEntries(where + ": DetailType is required: give it in the entry or with --detail-type");
        }
        long bytes = utf8(entry.source()) + utf8(entry.detailType()) + utf8(entry.detail());
        for (String resource : entry.resources()) {
            bytes += utf8(resource);
        }
        if (bytes > MAX_ENTRY_BYTES) {
            throw new InvalidEntries(where + ": the entry is " + bytes + " bytes; EventBridge accepts at most "
                    + MAX_ENTRY_BYTES + " (1 MiB)");
        }
        return entry;
    }

    private static long utf8(String s) {
        return s == null ? 0 : s.getBytes(StandardCharsets.UTF_8).length;
    }

    private static JsonNode readJson(String json, String origin) throws InvalidEntries {
        try {
            JsonNode node = JSON.readTree(json);
            if (node == null || node.isMissingNode()) {
                throw new InvalidEntries(origin + ": no JSON found (empty input)");
            }
            return node;
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String position = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw new InvalidEntries(origin + ": invalid JSON" + position + ": " + e.getOriginalMessage());
        }
    }
}
