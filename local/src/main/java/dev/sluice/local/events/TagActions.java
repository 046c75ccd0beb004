package dev.sluice.local.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** TagResource, UntagResource, ListTagsForResource on bus and rule ARNs. */
final class TagActions {

    private final EventBuses buses;
    private final ObjectMapper json;

    TagActions(EventBuses buses, ObjectMapper json) {
        this.buses = buses;
        this.json = json;
    }

    JsonNode tagResource(JsonNode request) throws EventsException {
        buses.tag(Fields.required(request, "ResourceARN"), parseTags(request.get("Tags")));
        return json.createObjectNode();
    }

    JsonNode untagResource(JsonNode request) throws EventsException {
        List<String> keys = new ArrayList<>();
        JsonNode node = request.get("TagKeys");
        if (node != null && node.isArray()) {
            node.forEach(k -> keys.add(k.asText()));
        }
        buses.untag(Fields.required(request, "ResourceARN"), keys);
        return json.createObjectNode();
    }

    JsonNode listTagsForResource(JsonNode request) throws EventsException {
        Map<String, String> tags = buses.tags(Fields.required(request, "ResourceARN"));
        ObjectNode response = json.createObjectNode();
        ArrayNode list = response.putArray("Tags");
        tags.forEach((k, v) -> list.addObject().put("Key", k).put("Value", v));
        return response;
    }

    static Map<String, String> parseTags(JsonNode node) throws EventsException {
        Map<String, String> tags = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return tags;
        }
        if (!node.isArray()) {
            throw EventsException.invalid("Tags must be a list of {Key, Value}");
        }
        for (JsonNode tag : node) {
            String key = Fields.required(tag, "Key");
            if (key.length() > 128) {
                throw EventsException.invalid("Tag key " + key + " is over the limit of 128 characters");
            }
            String value = Fields.optional(tag, "Value");
            tags.put(key, value == null ? "" : value);
        }
        return tags;
    }
}
