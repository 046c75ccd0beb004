package dev.sluice.local.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.local.edge.RequestFields;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** TagResource, UntagResource, ListTagsForResource on bus and rule ARNs. */
record TagActions(EventBuses buses, ObjectMapper json) {

    JsonNode tagResource(RequestFields request) {
        String arn = request.requiredText("ResourceARN");
        Map<String, String> tags = parseTags(request);
        request.check();
        buses.tag(arn, tags);
        return json.createObjectNode();
    }

    JsonNode untagResource(RequestFields request) {
        String arn = request.requiredText("ResourceARN");
        request.check();
        List<String> keys = new ArrayList<>();
        JsonNode node = request.node("TagKeys");
        if (node != null && node.isArray()) {
            node.forEach(k -> keys.add(k.asText()));
        }
        buses.untag(arn, keys);
        return json.createObjectNode();
    }

    JsonNode listTagsForResource(RequestFields request) {
        String arn = request.requiredText("ResourceARN");
        request.check();
        ObjectNode response = json.createObjectNode();
        ArrayNode list = response.putArray("Tags");
        buses.tags(arn).forEach((k, v) -> list.addObject().put("Key", k).put("Value", v));
        return response;
    }

    /** The request's {@code Tags} ({@code [{Key, Value}]}); problems go to {@code request}. */
    static Map<String, String> parseTags(RequestFields request) {
        Map<String, String> tags = new LinkedHashMap<>();
        JsonNode node = request.node("Tags");
        if (node == null) {
            return tags;
        }
        if (!node.isArray()) {
            request.violation("Tags", node, "Member must be a list of {Key, Value}");
            return tags;
        }
        int index = 1;
        for (JsonNode element : node) {
            RequestFields tag = request.element("Tags", index++, element);
            String key = tag.requiredText("Key");
            if (key != null && key.length() > 128) {
                tag.violation("Key", key, "Member must have length less than or equal to 128");
            }
            String value = tag.text("Value");
            if (key != null) {
                tags.put(key, value == null ? "" : value);
            }
        }
        return tags;
    }
}
