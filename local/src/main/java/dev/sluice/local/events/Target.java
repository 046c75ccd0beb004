package dev.sluice.local.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.local.core.Arn;
import dev.sluice.local.edge.AwsError;
import dev.sluice.local.edge.RequestFields;

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
        if (Arn.isOf(arn, "sqs")) {
            return Kind.SQS;
        }
        if (Arn.isOf(arn, "lambda")) {
            return Kind.LAMBDA;
        }
        return Kind.UNSUPPORTED;
    }

    /**
     * Parses and validates one member of PutTargets' Targets; its field problems go to {@code target}'s request (the
     * caller checks them), a target that makes no sense as a whole fails at once.
     */
    static Target parse(RequestFields target, ObjectMapper json) {
        String id = target.name("Id", 64, RuleActions.NAME_CHARACTERS, true);
        String arn = target.requiredText("Arn");
        if (arn != null && arn.length() > 1600) {
            target.violation("Arn", arn, "Member must have length less than or equal to 1600");
        }
        String input = target.text("Input");
        String inputPath = target.text("InputPath");
        InputTransformer transformer = parseTransformer(target);
        String groupId = target.object("SqsParameters").text("MessageGroupId");
        RetryPolicy retry = parseRetryPolicy(target);
        String dlqArn = target.object("DeadLetterConfig").text("Arn");
        if (!target.valid()) {
            return null;
        }
        int shapes = (input != null ? 1 : 0) + (inputPath != null ? 1 : 0) + (transformer != null ? 1 : 0);
        if (shapes > 1) {
            throw AwsError.validation("Target " + id + ": only one of Input, InputPath and InputTransformer may be set");
        }
        if (input != null) {
            if (input.length() > 8192) {
                throw AwsError.validation("Target " + id + ": Input is " + input.length()
                        + " characters, over the limit of 8192");
            }
            try {
                json.readTree(input);
            } catch (Exception e) {
                throw AwsError.validation("Target " + id + ": Input is not valid JSON");
            }
        }
        if (inputPath != null && !JsonPaths.isValid(inputPath)) {
            throw AwsError.validation("Target " + id + ": InputPath must be a simple JSONPath such as $.detail.orderId"
                    + " (given " + inputPath + ")");
        }
        if (dlqArn != null && kindOf(dlqArn) != Kind.SQS) {
            throw AwsError.validation("Target " + id + ": DeadLetterConfig.Arn must be an SQS queue ARN (given "
                    + dlqArn + ")");
        }
        return new Target(id, arn, input, inputPath, transformer, groupId, retry, dlqArn, target.body().deepCopy());
    }

    private static RetryPolicy parseRetryPolicy(RequestFields target) {
        if (!target.has("RetryPolicy")) {
            return RetryPolicy.DEFAULT;
        }
        RequestFields retry = target.object("RetryPolicy");
        Integer attempts = retry.integer("MaximumRetryAttempts", null);
        Integer age = retry.integer("MaximumEventAgeInSeconds", null);
        if (attempts != null && (attempts < 0 || attempts > MAX_RETRY_ATTEMPTS)) {
            retry.violation("MaximumRetryAttempts", attempts, "Member must be between 0 and " + MAX_RETRY_ATTEMPTS
                    + " inclusive");
        }
        if (age != null && (age < MIN_EVENT_AGE_SECONDS || age > MAX_EVENT_AGE_SECONDS)) {
            retry.violation("MaximumEventAgeInSeconds", age, "Member must be between " + MIN_EVENT_AGE_SECONDS
                    + " and " + MAX_EVENT_AGE_SECONDS + " inclusive");
        }
        return new RetryPolicy(attempts == null ? MAX_RETRY_ATTEMPTS : attempts,
                age == null ? MAX_EVENT_AGE_SECONDS : age);
    }

    private static InputTransformer parseTransformer(RequestFields target) {
        if (!target.has("InputTransformer")) {
            return null;
        }
        RequestFields transformer = target.object("InputTransformer");
        String template = transformer.requiredText("InputTemplate");
        if (template != null && template.length() > 8192) {
            transformer.violation("InputTemplate", template, "Member must have length less than or equal to 8192");
        }
        Map<String, String> paths = new LinkedHashMap<>();
        JsonNode map = transformer.node("InputPathsMap");
        if (map != null) {
            if (map.size() > 100) {
                transformer.violation("InputPathsMap", map, "Member must have at most 100 entries (given "
                        + map.size() + ")");
            }
            for (var field : map.properties()) {
                String path = field.getValue().asText();
                if (field.getKey().startsWith("aws.")) {
                    throw AwsError.validation("InputPathsMap key " + field.getKey()
                            + " is reserved: keys may not start with 'aws.'");
                }
                if (!JsonPaths.isValid(path)) {
                    throw AwsError.validation("InputPathsMap." + field.getKey()
                            + " must be a simple JSONPath such as $.detail.orderId (given " + path + ")");
                }
                paths.put(field.getKey(), path);
            }
        }
        return new InputTransformer(Map.copyOf(paths), template);
    }
}
