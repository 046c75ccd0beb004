package dev.sluice.local.edge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Reads the members of a JSON request body and collects every constraint violation, then fails once with AWS's
 * wording: {@code 2 validation errors detected: Value '1000' at 'timeout' failed to satisfy constraint: Member must
 * have value less than or equal to 900; Value null at 'handler' failed to satisfy constraint: Member must not be
 * null}. Members are named as in the request ({@code MemorySize}); messages name them as AWS does, camel case with
 * their path ({@code memorySize}, {@code targets.1.member.retryPolicy.maximumRetryAttempts}).
 *
 * <pre>{@code
 * RequestFields fields = RequestFields.of(body);
 * String name = fields.requiredText("FunctionName");
 * int timeout = fields.integer("Timeout", 1, 900, 3);
 * fields.check(); // throws AwsError ValidationException when anything was wrong
 * }</pre>
 */
public final class RequestFields {

    private final ObjectNode body;
    private final String path;
    private final List<String> problems;

    private RequestFields(JsonNode body, String path, List<String> problems) {
        this.body = body instanceof ObjectNode object ? object : JsonNodeFactory.instance.objectNode();
        this.path = path;
        this.problems = problems;
    }

    /** A reader of a request body (null or not an object: as if empty). */
    public static RequestFields of(JsonNode body) {
        return new RequestFields(body, "", new ArrayList<>());
    }

    /**
     * A reader of an AWS JSON 1.1 request body (empty: no fields). A body that is not JSON, or not an object, is AWS's
     * {@code SerializationException}.
     */
    public static RequestFields ofJsonBody(byte[] body, ObjectMapper json) {
        JsonNode parsed;
        try {
            parsed = body.length == 0 ? json.createObjectNode() : json.readTree(body);
        } catch (IOException e) {
            String message = String.valueOf(e.getMessage());
            int newline = message.indexOf('\n');
            throw AwsError.badRequest("SerializationException", "Request body is not valid JSON: "
                    + (newline < 0 ? message : message.substring(0, newline)));
        }
        if (parsed == null || !parsed.isObject()) {
            throw AwsError.badRequest("SerializationException", "Request body must be a JSON object.");
        }
        return of(parsed);
    }

    /** A reader of the object in member {@code name}, reporting into the same list of problems. */
    public RequestFields object(String name) {
        return new RequestFields(node(name), field(name) + ".", problems);
    }

    /** A reader of {@code element}, the {@code index}-th (1-based) element of list {@code name} ({@code name.N.member}). */
    public RequestFields element(String name, int index, JsonNode element) {
        return new RequestFields(element, field(name) + "." + index + ".member.", problems);
    }

    /** The object read (empty when the request gave none or something else). */
    public ObjectNode body() {
        return body;
    }

    /** The member's value, or null when absent or JSON null. */
    public JsonNode node(String name) {
        JsonNode value = body.get(name);
        return value == null || value.isNull() ? null : value;
    }

    public boolean has(String name) {
        return node(name) != null;
    }

    /** A string member, or null when absent; another type is a violation. */
    public String text(String name) {
        return typed(name, JsonNode::isTextual, JsonNode::asText, "a string", null);
    }

    /** A string member that must be there and not empty. */
    public String requiredText(String name) {
        String value = text(name);
        if (value == null && !has(name)) {
            violation(name, null, "Member must not be null");
        } else if (value != null && value.isEmpty()) {
            violation(name, value, "Member must have length greater than or equal to 1");
        }
        return value == null || value.isEmpty() ? null : value;
    }

    /** A string member of at most {@code max} characters matching {@code [allowed]+}, or null when absent. */
    public String name(String name, int max, String allowed, boolean required) {
        String value = required ? requiredText(name) : text(name);
        if (value != null && value.length() > max) {
            violation(name, value, "Member must have length less than or equal to " + max);
        } else if (value != null && !value.matches("[" + allowed + "]+")) {
            violation(name, value, "Member must satisfy regular expression pattern: [" + allowed + "]+");
        }
        return value;
    }

    /** A whole-number member, or {@code fallback} when absent; another type is a violation. */
    public Integer integer(String name, Integer fallback) {
        return typed(name, value -> value.canConvertToInt() && value.isIntegralNumber(), JsonNode::intValue,
                "an integer", fallback);
    }

    /** A whole-number member in [{@code min}, {@code max}], or {@code fallback} when absent. */
    public Integer integer(String name, int min, int max, Integer fallback) {
        JsonNode value = node(name);
        Integer number = integer(name, fallback);
        if (value != null && number != null && number.equals(value.intValue())) {
            if (number < min) {
                violation(name, number, "Member must have value greater than or equal to " + min);
            } else if (number > max) {
                violation(name, number, "Member must have value less than or equal to " + max);
            }
        }
        return number;
    }

    /** A whole-number member that may exceed an int (epoch milliseconds), or {@code fallback} when absent. */
    public Long longInteger(String name, Long fallback) {
        return typed(name, value -> value.canConvertToLong() && value.isIntegralNumber(), JsonNode::longValue,
                "an integer", fallback);
    }

    /** A boolean member, or {@code fallback} when absent; another type is a violation. */
    public Boolean bool(String name, Boolean fallback) {
        return typed(name, JsonNode::isBoolean, JsonNode::asBoolean, "a boolean", fallback);
    }

    /** Member {@code name} read as a {@code type}, or {@code fallback} when absent or of another type (a violation). */
    private <T> T typed(String name, Predicate<JsonNode> isType, Function<JsonNode, T> read, String type, T fallback) {
        JsonNode value = node(name);
        if (value == null) {
            return fallback;
        }
        if (!isType.test(value)) {
            violation(name, value, "Member must be " + type);
            return fallback;
        }
        return read.apply(value);
    }

    /** Member {@code name} as AWS names it in messages: camel case, with its path. */
    public String field(String name) {
        return path + (name.isEmpty() ? name : Character.toLowerCase(name.charAt(0)) + name.substring(1));
    }

    /**
     * Records a violation in AWS's words: {@code Value 'v' at 'field' failed to satisfy constraint: <constraint>};
     * a null value reads {@code Value null}, an object or list {@code Value at}.
     */
    public void violation(String name, Object value, String constraint) {
        String shown;
        if (value == null) {
            shown = "Value null";
        } else if (value instanceof JsonNode node && (node.isContainerNode())) {
            shown = "Value";
        } else {
            shown = "Value '" + (value instanceof JsonNode node && node.isTextual() ? node.asText() : value) + "'";
        }
        problems.add(shown + " at '" + field(name) + "' failed to satisfy constraint: " + constraint);
    }

    /** True when no violation was recorded (by this reader or the others sharing its list). */
    public boolean valid() {
        return problems.isEmpty();
    }

    /** Fails with every violation recorded so far, as one 400 {@code ValidationException}; else returns. */
    public void check() {
        if (!problems.isEmpty()) {
            throw AwsError.validation(problems.size() + " validation error" + (problems.size() == 1 ? "" : "s")
                    + " detected: " + String.join("; ", problems));
        }
    }
}
