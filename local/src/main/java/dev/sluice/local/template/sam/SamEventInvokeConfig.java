package dev.sluice.local.template.sam;

import static dev.sluice.local.template.sam.TemplateValues.getAtt;
import static dev.sluice.local.template.sam.TemplateValues.object;
import static dev.sluice.local.template.sam.TemplateValues.ref;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A function's {@code EventInvokeConfig}: {@code <Id>EventInvokeConfig} (AWS::Lambda::EventInvokeConfig, qualified
 * by the alias when AutoPublishAlias is set), plus the queue or topic SAM creates for a destination of Type SQS or
 * SNS given without a Destination ({@code <Id>EventInvokeConfigOnFailureQueue}), with the role policies for each.
 */
final class SamEventInvokeConfig {

    private static final List<String> TYPES = List.of("SQS", "SNS", "EventBridge", "Lambda", "S3Bucket");

    private final SamFunction function;
    private final String aliasName;
    private final List<Map<String, Object>> policies;

    /** @param policies receives the role policies the destinations need */
    SamEventInvokeConfig(SamFunction function, String aliasName, List<Map<String, Object>> policies) {
        this.function = function;
        this.aliasName = aliasName;
        this.policies = policies;
    }

    void toCloudFormation() {
        String id = function.id();
        String logicalId = id + "EventInvokeConfig";
        Map<String, Object> config = TemplateValues.map(
                function.parameters().rewrite(function.properties().get("EventInvokeConfig")),
                function.where("EventInvokeConfig"));
        Map<String, Object> destinations = new LinkedHashMap<>();
        Object given = config.get("DestinationConfig");
        if (given != null) {
            if (!(given instanceof Map<?, ?>)) {
                throw function.invalid("Property 'EventInvokeConfig.DestinationConfig' should be a map.");
            }
            for (String name : List.of("OnSuccess", "OnFailure")) {
                Object destination = ((Map<?, ?>) given).get(name);
                if (destination == null) {
                    continue;
                }
                if (!(destination instanceof Map<?, ?>)) {
                    throw function.invalid("Property 'EventInvokeConfig.DestinationConfig." + name
                            + "' should be a map.");
                }
                destinations.put(name, object("Destination",
                        destination(TemplateValues.map(destination, name), name, logicalId)));
            }
        }
        Map<String, Object> attributes = new LinkedHashMap<>();
        if (function.aliasId() != null) {
            attributes.put("DependsOn", new ArrayList<>(List.of(function.aliasId())));
        }
        for (String name : List.of("DeletionPolicy", "UpdatePolicy", "Condition", "UpdateReplacePolicy", "Metadata")) {
            if (function.resourceAttributes().get(name) != null) {
                attributes.put(name, function.resourceAttributes().get(name));
            }
        }
        function.add(logicalId, "AWS::Lambda::EventInvokeConfig", object(
                "FunctionName", ref(id),
                "Qualifier", aliasName != null ? aliasName : "$LATEST",
                "DestinationConfig", destinations,
                "MaximumEventAgeInSeconds", config.get("MaximumEventAgeInSeconds"),
                "MaximumRetryAttempts", config.get("MaximumRetryAttempts")), attributes);
    }

    /**
     * The destination ARN; for SQS and SNS without one, the ARN of the queue or topic created for it. A
     * {@code Fn::If} with {@code AWS::NoValue} on one side creates it only under that condition, as SAM does.
     */
    private Object destination(Map<String, Object> config, String name, String logicalId) {
        Object type = config.get("Type");
        if (!TYPES.contains(type)) {
            throw function.invalid("'Type: " + (type == null ? "None" : type) + "' must be one of " + python(TYPES));
        }
        Object destination = config.get("Destination");
        String resourceId = logicalId + name;
        Object condition = null;
        Object otherwise = null;
        if (destination instanceof Map<?, ?> map && map.size() == 1 && map.get("Fn::If") instanceof List<?> args
                && args.size() == 3) {
            boolean thenNone = isNoValue(args.get(1));
            boolean elseNone = isNoValue(args.get(2));
            if (thenNone && !elseNone) {
                condition = args.get(0);
                otherwise = args.get(2);
            } else if (elseNone && !thenNone) {
                String negated = "NOT" + args.get(0) + LogicalIds.generate("", logicalId, null);
                function.translation().conditions().put(negated, object("Fn::Not",
                        List.of(object("Condition", args.get(0)))));
                condition = negated;
                otherwise = args.get(1);
            }
        }
        Object arn = destination;
        if (destination == null || condition != null) {
            if (!type.equals("SQS") && !type.equals("SNS")) {
                throw function.invalid("Destination is required if Type is not ['SQS', 'SNS']");
            }
            Map<String, Object> attributes = function.passThrough();
            Object combined = combine(attributes.get("Condition"), condition);
            if (combined != null) {
                attributes.put("Condition", combined);
            }
            String created = resourceId + (type.equals("SQS") ? "Queue" : "Topic");
            if (type.equals("SQS")) {
                function.add(created, "AWS::SQS::Queue", null, attributes);
            } else {
                function.skip(created, "AWS::SNS::Topic", null, attributes, "SNS is not emulated (the "
                        + name + " destination of " + function.id() + "'s EventInvokeConfig)");
            }
            Object createdArn = type.equals("SQS") ? getAtt(created, "Arn") : ref(created);
            arn = condition != null ? object("Fn::If", List.of(condition, createdArn, otherwise)) : createdArn;
        }
        policies.add(policy((String) type, arn, resourceId));
        return arn;
    }

    private Object combine(Object resourceCondition, Object propertyCondition) {
        if (resourceCondition == null) {
            return propertyCondition;
        }
        if (propertyCondition == null) {
            return resourceCondition;
        }
        String name = resourceCondition + "AND" + propertyCondition + LogicalIds.generate("", function.id(), null);
        function.translation().conditions().put(name, object("Fn::And", List.of(object("Condition", resourceCondition),
                object("Condition", propertyCondition))));
        return name;
    }

    private static Map<String, Object> policy(String type, Object arn, String logicalId) {
        return switch (type) {
            case "SQS" -> statement(logicalId + "SQSPolicy", "sqs:SendMessage", arn);
            case "SNS" -> statement(logicalId + "SNSPolicy", "sns:publish", arn);
            case "EventBridge" -> statement(logicalId + "EventBridgePolicy", "events:PutEvents", arn);
            case "Lambda" -> statement(logicalId + "LambdaPolicy", "lambda:InvokeFunction", arn);
            default -> statement(logicalId + "S3Policy", "s3:PutObject", arn);
        };
    }

    private static Map<String, Object> statement(String name, String action, Object resource) {
        return object("PolicyName", name, "PolicyDocument", object("Statement",
                List.of(object("Action", action, "Effect", "Allow", "Resource", resource))));
    }

    private static boolean isNoValue(Object value) {
        return value instanceof Map<?, ?> map && map.size() == 1 && "AWS::NoValue".equals(map.get("Ref"));
    }

    private static String python(List<String> values) {
        return "[" + String.join(", ", values.stream().map(v -> "'" + v + "'").toList()) + "]";
    }
}
