package dev.sluice.local.events;

import com.fasterxml.jackson.databind.JsonNode;

/** Reads request members the way AWS validates them: the message names the member and the constraint. */
final class Fields {

    private Fields() {
    }

    static String required(JsonNode request, String member) throws EventsException {
        String value = optional(request, member);
        if (value == null || value.isEmpty()) {
            throw EventsException.invalid("1 validation error detected: Value null at '" + camel(member)
                    + "' failed to satisfy constraint: Member must not be null");
        }
        return value;
    }

    static String optional(JsonNode request, String member) throws EventsException {
        JsonNode node = request.get(member);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw EventsException.invalid("Value at '" + camel(member) + "' must be a string");
        }
        return node.asText();
    }

    static Integer optionalInt(JsonNode request, String member) throws EventsException {
        JsonNode node = request.get(member);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.canConvertToInt() || !node.isIntegralNumber()) {
            throw EventsException.invalid("Value at '" + camel(member) + "' must be an integer (given " + node + ")");
        }
        return node.intValue();
    }

    /** Checks a name against AWS's 1..max characters of [.\-_A-Za-z0-9] (buses also allow '/'). */
    static void checkName(String member, String value, int max, String extraChars) throws EventsException {
        if (value.length() > max) {
            throw EventsException.invalid("1 validation error detected: Value '" + value + "' at '" + camel(member)
                    + "' failed to satisfy constraint: Member must have length less than or equal to " + max);
        }
        if (!value.matches("[\\.\\-_A-Za-z0-9" + extraChars + "]+")) {
            throw EventsException.invalid("1 validation error detected: Value '" + value + "' at '" + camel(member)
                    + "' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_A-Za-z0-9"
                    + extraChars + "]+");
        }
    }

    static String camel(String member) {
        return Character.toLowerCase(member.charAt(0)) + member.substring(1);
    }
}
