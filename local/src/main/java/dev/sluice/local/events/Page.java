package dev.sluice.local.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.local.core.Json;
import dev.sluice.local.edge.AwsError;
import dev.sluice.local.edge.RequestFields;

import java.util.List;
import java.util.function.Function;

/** Limit/NextToken paging over an in-memory list; the token is the offset of the next item. */
record Page<T>(List<T> items, String nextToken) {

    /** The page {@code request} asks for; checks the request's other members too, so that all problems go together. */
    static <T> Page<T> of(List<T> all, RequestFields request) {
        Integer limit = request.integer("Limit", 1, 100, null);
        String token = request.text("NextToken");
        request.check();
        int from;
        try {
            from = token == null ? 0 : Integer.parseInt(token);
        } catch (NumberFormatException e) {
            throw AwsError.validation("NextToken is not valid (given " + token + ")");
        }
        if (from < 0 || from > all.size()) {
            throw AwsError.validation("NextToken is not valid (given " + token + ")");
        }
        int to = limit == null ? all.size() : Math.min(all.size(), from + limit);
        return new Page<>(all.subList(from, to), to < all.size() ? Integer.toString(to) : null);
    }

    /** The list response: {@code {"<member>": [each item as JSON], "NextToken": ...}} (no token on the last page). */
    ObjectNode toJson(String member, Function<T, JsonNode> item) {
        ObjectNode response = Json.object();
        ArrayNode list = response.putArray(member);
        items.forEach(each -> list.add(item.apply(each)));
        if (nextToken != null) {
            response.put("NextToken", nextToken);
        }
        return response;
    }
}
