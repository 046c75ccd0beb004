package dev.sluice.local.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/** Limit/NextToken paging over an in-memory list; the token is the offset of the next item. */
record Page<T>(List<T> items, String nextToken) {

    static <T> Page<T> of(List<T> all, JsonNode request) throws EventsException {
        Integer limit = Fields.optionalInt(request, "Limit");
        if (limit != null && (limit < 1 || limit > 100)) {
            throw EventsException.invalid("1 validation error detected: Value '" + limit
                    + "' at 'limit' failed to satisfy constraint: Member must be between 1 and 100 inclusive");
        }
        String token = Fields.optional(request, "NextToken");
        int from;
        try {
            from = token == null ? 0 : Integer.parseInt(token);
        } catch (NumberFormatException e) {
            throw EventsException.invalid("NextToken is not valid (given " + token + ")");
        }
        if (from < 0 || from > all.size()) {
            throw EventsException.invalid("NextToken is not valid (given " + token + ")");
        }
        int to = limit == null ? all.size() : Math.min(all.size(), from + limit);
        return new Page<>(all.subList(from, to), to < all.size() ? Integer.toString(to) : null);
    }

    void putToken(ObjectNode response) {
        if (nextToken != null) {
            response.put("NextToken", nextToken);
        }
    }
}
