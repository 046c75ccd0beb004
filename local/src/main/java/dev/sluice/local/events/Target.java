package dev.sluice.local.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One target of a rule as PutTargets gave it. {@code json} is the member exactly as received, so
 * ListTargetsByRule echoes what the caller sent.
 */
record Target(String id, String arn, String input, String inputPath, InputTransformer inputTransformer,
              String messageGroupId, RetryPolicy retryPolicy, String deadLetterArn, ObjectNode json) {

    static final int MAX_RETRY_ATTEMPTS = 185;
    static final int MIN_EVENT_AGE_SECONDS = 60;
    static final int MAX_EVENT_AGE_SECONDS = 86_400;

    /** AWS defaults: 185 attempts, 24 hours. */
    record RetryPolicy(int maximumRetryAttempts, int maximumEventAgeInSeconds) {
        static final RetryPolicy DEFAULT = new RetryPolicy(MAX_RETRY_ATTEMPTS, MAX_EVENT_AGE_SECONDS);
    }

    record InputTransformer(Map<String, String> inputPathsMap, String inputTemplate) {
    }

    enum Kind { SQS, LAMBDA, UNSUPPORTED }

    Kind kind() {
        return kindOf(arn);
    }

    static Kind kindOf(String arn) {
        if (arn.startsWith("arn:aws:sqs:")) {
            return Kind.SQS;
        }
        if (arn.startsWith("arn:aws:lambda:")) {
            return Kind.LAMBDA;
        }
        return Kind.UNSUPPORTED;
    }

    /** The last ARN segment: a queue name or function name. */
    static String resourceName(String arn) {
        String[] parts = arn.split(":");
        return arn.startsWith("arn:aws:lambda:") && parts.length >= 7 ? parts[6] : parts[parts.length - 1];
    }

    /** Parses and validates the {@code index}-th (1-based) member of PutTargets' Targets. */
    static Target parse(JsonNode node, int index, ObjectMapper json) throws EventsException {
        String where = "targets." + index + ".member";
        if (!node.isObject()) {
            throw EventsException.invalid("Value at '" + where + "' must be an object");
        }
        String id = Fields.required(node, "Id");
        Fields.checkName(where + ".id", id, 64, "");
        String arn = Fields.required(node, "Arn");
        if (arn.length() > 1600) {
            throw EventsException.invalid("Value at '" + where + ".arn' must have length less than or equal to 1600");
        }
        String input = Fields.optional(node, "Input");
        String inputPath = Fields.optional(node, "InputPath");
        InputTransformer transformer = parseTransformer(node.get("InputTransformer"), where);
        int shapes = (input != null ? 1 : 0) + (inputPath != null ? 1 : 0) + (transformer != null ? 1 : 0);
        if (shapes > 1) {
            throw EventsException.invalid("Target " + id + ": only one of Input, InputPath and InputTransformer may be set");
        }
        if (input != null) {
            if (input.length() > 8192) {
                throw EventsException.invalid("Target " + id + ": Input is " + input.length()
                        + " characters, over the limit of 8192");
            }
            try {
                json.readTree(input);
            } catch (Exception e) {
                throw EventsException.invalid("Target " + id + ": Input is not valid JSON");
            }
        }
        if (inputPath != null && !JsonPaths.isValid(inputPath)) {
            throw EventsException.invalid("Target " + id + ": InputPath must be a simple JSONPath such as $.detail.orderId"
                    + " (given " + inputPath + ")");
        }
        JsonNode sqsParameters = node.get("SqsParameters");
        String groupId = sqsParameters == null ? null : Fields.optional(sqsParameters, "MessageGroupId");
        RetryPolicy retry = parseRetryPolicy(node.get("RetryPolicy"), where);
        JsonNode dlq = node.get("DeadLetterConfig");
        String dlqArn = dlq == null ? null : Fields.optional(dlq, "Arn");
        if (dlqArn != null && kindOf(dlqArn) != Kind.SQS) {
            throw EventsException.invalid("Target " + id + ": DeadLetterConfig.Arn must be an SQS queue ARN (given "
                    + dlqArn + ")");
        }
        return new Target(id, arn, input, inputPath, transformer, groupId, retry, dlqArn, ((ObjectNode) node).deepCopy());
    }

    private static RetryPolicy parseRetryPolicy(JsonNode node, String where) throws EventsException {
        if (node == null || node.isNull()) {
            return RetryPolicy.DEFAULT;
        }
        Integer attempts = Fields.optionalInt(node, "MaximumRetryAttempts");
        Integer age = Fields.optionalInt(node, "MaximumEventAgeInSeconds");
        if (attempts != null && (attempts < 0 || attempts > MAX_RETRY_ATTEMPTS)) {
            throw EventsException.invalid("1 validation error detected: Value '" + attempts + "' at '" + where
                    + ".retryPolicy.maximumRetryAttempts' failed to satisfy constraint: Member must be between 0 and "
                    + MAX_RETRY_ATTEMPTS + " inclusive");
        }
        if (age != null && (age < MIN_EVENT_AGE_SECONDS || age > MAX_EVENT_AGE_SECONDS)) {
            throw EventsException.invalid("1 validation error detected: Value '" + age + "' at '" + where
                    + ".retryPolicy.maximumEventAgeInSeconds' failed to satisfy constraint: Member must be between "
                    + MIN_EVENT_AGE_SECONDS + " and " + MAX_EVENT_AGE_SECONDS + " inclusive");
        }
        return new RetryPolicy(attempts == null ? MAX_RETRY_ATTEMPTS : attempts,
                age == null ? MAX_EVENT_AGE_SECONDS : age);
    }

    private static InputTransformer parseTransformer(JsonNode node, String where) throws EventsException {
        if (node == null || node.isNull()) {
            return null;
        }
        String template = Fields.required(node, "InputTemplate");
        if (template.length() > 8192) {
            throw EventsException.invalid("Value at '" + where + ".inputTransformer.inputTemplate' is "
                    + template.length() + " characters, over the limit of 8192");
        }
        Map<String, String> paths = new LinkedHashMap<>();
        JsonNode map = node.get("InputPathsMap");
        if (map != null && !map.isNull()) {
            if (map.size() > 100) {
                throw EventsException.invalid("InputPathsMap has " + map.size() + " entries, over the limit of 100");
            }
            for (var field : map.properties()) {
                String path = field.getValue().asText();
                if (field.getKey().startsWith("aws.")) {
                    throw EventsException.invalid("InputPathsMap key " + field.getKey()
                            + " is reserved: keys may not start with 'aws.'");
                }
                if (!JsonPaths.isValid(path)) {
                    throw EventsException.invalid("InputPathsMap." + field.getKey()
                            + " must be a simple JSONPath such as $.detail.orderId (given " + path + ")");
                }
                paths.put(field.getKey(), path);
            }
        }
        return new InputTransformer(Map.copyOf(paths), template);
    }
}
