package dev.sluice.local.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads fields of a request body and collects every constraint violation before failing once, with AWS's wording:
 * {@code 1 validation error detected: Value '1000' at 'timeout' failed to satisfy constraint: ...}.
 */
final class Fields {

    private final JsonNode body;
    private final List<String> problems = new ArrayList<>();

    Fields(JsonNode body) {
        this.body = body == null ? Json.object() : body;
    }

    JsonNode node(String name) {
        JsonNode value = body.get(name);
        return value == null || value.isNull() ? null : value;
    }

    boolean has(String name) {
        return node(name) != null;
    }

    String text(String name, String field, boolean required) {
        JsonNode value = node(name);
        if (value == null) {
            if (required) {
                problems.add("Value null at '" + field + "' failed to satisfy constraint: Member must not be null");
            }
            return null;
        }
        if (!value.isTextual()) {
            problems.add("Value '" + value + "' at '" + field + "' failed to satisfy constraint: Member must be a string");
            return null;
        }
        return value.asText();
    }

    /** An integer in [min, max], or {@code fallback} when absent. */
    Integer integer(String name, String field, int min, int max, Integer fallback) {
        JsonNode value = node(name);
        if (value == null) {
            return fallback;
        }
        if (!value.canConvertToInt() || !value.isIntegralNumber()) {
            problems.add("Value '" + value + "' at '" + field + "' failed to satisfy constraint: Member must be an integer");
            return fallback;
        }
        int number = value.asInt();
        if (number < min) {
            violation(field, number, "Member must have value greater than or equal to " + min);
        } else if (number > max) {
            violation(field, number, "Member must have value less than or equal to " + max);
        }
        return number;
    }

    Boolean bool(String name, String field, Boolean fallback) {
        JsonNode value = node(name);
        if (value == null) {
            return fallback;
        }
        if (!value.isBoolean()) {
            violation(field, value, "Member must be a boolean");
            return fallback;
        }
        return value.asBoolean();
    }

    void violation(String field, Object value, String constraint) {
        problems.add("Value '" + value + "' at '" + field + "' failed to satisfy constraint: " + constraint);
    }

    void throwIfInvalid() throws LambdaException {
        if (!problems.isEmpty()) {
            throw new LambdaException(400, "ValidationException", problems.size() + " validation error"
                    + (problems.size() == 1 ? "" : "s") + " detected: " + String.join("; ", problems));
        }
    }
}
