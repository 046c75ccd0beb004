package dev.sluice.local.edge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.local.core.Json;
import java.util.List;
import java.util.function.Function;

/**
 * One page of a list action over an in-memory list (limit / next token paging); the token is the offset of the next
 * item, null on the last page.
 */
public record ListPage<T>(List<T> items, String nextToken) {

    /**
     * The page of {@code all} starting at {@code token} (null: the first), at most {@code limit} items (null: all the
     * rest). A token this paging did not hand out is a {@code ValidationException}.
     */
    public static <T> ListPage<T> of(List<T> all, Integer limit, String token) {
        int from;
        try {
            from = token == null ? 0 : Integer.parseInt(token);
        } catch (NumberFormatException e) {
            from = -1;
        }
        if (from < 0 || from > all.size()) {
            throw AwsError.validation("The specified next token is invalid (given " + token + ")");
        }
        int to = limit == null ? all.size() : Math.min(all.size(), from + limit);
        return new ListPage<>(all.subList(from, to), to < all.size() ? Integer.toString(to) : null);
    }

    /**
     * The list response: {@code {"<member>": [each item as JSON], "<tokenMember>": ...}} (no token on the last page).
     */
    public ObjectNode toJson(String member, String tokenMember, Function<? super T, ? extends JsonNode> item) {
        ObjectNode response = Json.object();
        ArrayNode list = response.putArray(member);
        items.forEach(each -> list.add(item.apply(each)));
        if (nextToken != null) {
            response.put(tokenMember, nextToken);
        }
        return response;
    }
}
