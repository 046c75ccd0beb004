package dev.sluice.local.faults;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.local.edge.AwsError;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads and checks the body of {@code POST /_sluice/faults}. Every problem is collected and refused at once as a 400
 * {@code ValidationException} naming the field, the rule and the value given; nothing is added then.
 *
 * <pre>{@code
 * {"function":"orders","action":"error","errorType":"OrderRejected","probability":0.5,"seed":42}
 * {"function":"orders","action":"delay","delayMillis":2000}
 * {"service":"sqs","operation":"SendMessage","errorType":"ServiceUnavailable","status":503,"probability":0.1}
 * }</pre>
 */
final class FaultRequest {

    static final long MAX_DELAY_MILLIS = 15 * 60 * 1000L; // Lambda's longest timeout
    private static final Set<String> FIELDS = Set.of("function", "service", "operation", "action", "errorType",
            "errorMessage", "status", "delayMillis", "probability", "seed");
    /** Error types and codes as AWS and Java name them: {@code Sandbox.Timedout}, {@code java.lang.Error}, ... */
    private static final Pattern ERROR_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_.$:-]{0,127}");
    private static final Pattern FUNCTION_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private final JsonNode body;
    private final List<String> problems = new ArrayList<>();

    private FaultRequest(JsonNode body) {
        this.body = body;
    }

    /** The fault {@code body} declares (without id), or a 400 naming every problem. */
    static Fault parse(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw AwsError.validation("The body must be a JSON object such as {\"function\":\"NAME\",\"action\":"
                    + "\"error\",\"errorType\":\"TYPE\"}");
        }
        return new FaultRequest(body).read();
    }

    private Fault read() {
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                problems.add("unknown field '" + name + "' (fields: " + String.join(", ", new java.util.TreeSet<>(FIELDS))
                        + ")");
            }
        }
        String function = text("function");
        String service = text("service");
        String operation = text("operation");
        String action = text("action");
        String errorType = text("errorType");
        String errorMessage = text("errorMessage");
        Long statusGiven = whole("status");
        Integer status = statusGiven == null ? null : (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE,
                statusGiven));
        Long delayMillis = whole("delayMillis");
        Long seed = whole("seed");
        double probability = probability();
        if (errorMessage != null && errorMessage.length() > 1000) {
            problems.add("errorMessage must be at most 1000 characters (given " + errorMessage.length() + ")");
        }
        if (errorType != null && !ERROR_NAME.matcher(errorType).matches()) {
            problems.add("errorType must be a name such as ServiceUnavailable or MyError: a letter, then up to 127"
                    + " letters, digits or _ . $ : - (given '" + errorType + "')");
        }
        if ((function == null) == (service == null)) {
            problems.add("give either 'function' (a function's invocations) or 'service' and 'operation' (an API"
                    + " operation)" + (function != null ? ", not both" : ""));
        } else if (function != null) {
            checkFunctionFault(function, operation, action, errorType, status, delayMillis);
        } else {
            action = action == null ? FaultAction.ERROR.wireName() : action;
            checkApiFault(service, operation, action, errorType, delayMillis);
            if (errorType != null && status == null) {
                status = Operations.defaultStatus(errorType);
            }
        }
        if (status != null && (status < 400 || status > 599)) {
            problems.add("status must be between 400 and 599 (given " + status + ")");
        }
        if (!problems.isEmpty()) {
            throw AwsError.validation("Fault refused: " + String.join("; ", problems));
        }
        return new Fault(null, function, service, operation, action, errorType, errorMessage, status, delayMillis,
                probability, seed, null, null);
    }

    private void checkFunctionFault(String function, String operation, String action, String errorType,
                                    Integer status, Long delayMillis) {
        if (!FUNCTION_NAME.matcher(function).matches()) {
            problems.add("function must be a function name of 1 to 64 letters, digits, - or _ (given '" + function
                    + "')");
        }
        if (operation != null) {
            problems.add("operation belongs to an API fault (with 'service'), not to a function's");
        }
        if (status != null) {
            problems.add("status belongs to an API fault; a function error is answered as Lambda answers it");
        }
        FaultAction kind = FaultAction.parse(action);
        if (kind == null) {
            problems.add("action must be one of " + FaultAction.names() + " (given "
                    + (action == null ? "none" : "'" + action + "'") + ")");
            return;
        }
        if (kind == FaultAction.ERROR && errorType == null) {
            problems.add("action error needs errorType (the error type the invocation fails with, e.g. MyError)");
        }
        if (kind != FaultAction.ERROR && errorType != null) {
            problems.add("errorType belongs to action error (given with " + action + ")");
        }
        if (kind == FaultAction.DELAY && (delayMillis == null || delayMillis < 1 || delayMillis > MAX_DELAY_MILLIS)) {
            problems.add("action delay needs delayMillis between 1 and " + MAX_DELAY_MILLIS + " (given "
                    + delayMillis + ")");
        }
        if (kind != FaultAction.DELAY && delayMillis != null) {
            problems.add("delayMillis belongs to action delay (given with " + action + ")");
        }
    }

    private void checkApiFault(String service, String operation, String action, String errorType, Long delayMillis) {
        Set<String> operations = Operations.of(service);
        if (operations == null) {
            problems.add("service must be one of " + String.join(", ", Operations.services()) + " (given '" + service
                    + "')");
        } else if (operation == null) {
            problems.add("an API fault needs operation, one of " + service + "'s: " + String.join(", ", operations));
        } else if (!operations.contains(operation)) {
            problems.add("operation must be one of " + service + "'s: " + String.join(", ", operations) + " (given '"
                    + operation + "')");
        }
        if (!action.equals(FaultAction.ERROR.wireName())) {
            problems.add("an API fault's action is error (given '" + action + "')");
        }
        if (errorType == null) {
            problems.add("an API fault needs errorType, the AWS error code to answer (e.g. ServiceUnavailable)");
        }
        if (delayMillis != null) {
            problems.add("delayMillis belongs to a function's delay fault");
        }
    }

    private double probability() {
        JsonNode node = body.get("probability");
        if (node == null || node.isNull()) {
            return 1.0;
        }
        if (!node.isNumber() || Double.isNaN(node.asDouble()) || node.asDouble() < 0 || node.asDouble() > 1) {
            problems.add("probability must be a number between 0 and 1 (given " + node + ")");
            return 1.0;
        }
        return node.asDouble();
    }

    private String text(String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual() || node.asText().isBlank()) {
            problems.add(field + " must be a non-empty string (given " + node + ")");
            return null;
        }
        return node.asText();
    }

    private Long whole(String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            problems.add(field + " must be a whole number (given " + node + ")");
            return null;
        }
        return node.asLong();
    }
}
