package dev.sluice.local.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.local.edge.ListPage;
import dev.sluice.local.edge.RequestFields;

import java.util.List;
import java.util.function.Function;

/** EventBridge's list paging: members {@code Limit} (1 to 100) and {@code NextToken}. */
final class Page {

    private Page() {
    }

    /**
     * The list response for the page {@code request} asks for: {@code {"<member>": [...], "NextToken": ...}}. Checks
     * the request's other members too, so that all problems go together.
     */
    static <T> ObjectNode of(List<T> all, RequestFields request, String member, Function<T, JsonNode> item) {
        Integer limit = request.integer("Limit", 1, 100, null);
        String token = request.text("NextToken");
        request.check();
        return ListPage.of(all, limit, token).toJson(member, "NextToken", item);
    }
}
