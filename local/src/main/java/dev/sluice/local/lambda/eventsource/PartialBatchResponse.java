package dev.sluice.local.lambda.eventsource;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.local.core.Json;
import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Reads a function's {@code {"batchItemFailures":[{"itemIdentifier":"<messageId>"}]}} answer with AWS's rules: an
 * empty or null list, an empty or null response means success; invalid JSON, a missing, null or empty
 * itemIdentifier, or one that names no message of the batch fails the whole batch.
 */
final class PartialBatchResponse {

    private PartialBatchResponse() {
    }

    /** The ids of failed records, or null when the whole batch failed. */
    static Set<String> failedIds(byte[] response, Set<String> batchIds) {
        if (response.length == 0) {
            return Set.of();
        }
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(response);
        } catch (IOException invalid) {
            return null;
        }
        if (root == null || root.isNull() || !root.isObject()) {
            return root == null || root.isNull() ? Set.of() : null;
        }
        JsonNode failures = root.get("batchItemFailures");
        if (failures == null || failures.isNull()) {
            return Set.of();
        }
        if (!failures.isArray()) {
            return null;
        }
        Set<String> ids = new LinkedHashSet<>();
        for (JsonNode failure : failures) {
            JsonNode id = failure.get("itemIdentifier");
            if (id == null || !id.isTextual() || id.asText().isEmpty() || !batchIds.contains(id.asText())) {
                return null;
            }
            ids.add(id.asText());
        }
        return ids;
    }
}
