package dev.sluice.local.template.sam;

import static dev.sluice.local.template.sam.TemplateValues.getAtt;
import static dev.sluice.local.template.sam.TemplateValues.object;
import static dev.sluice.local.template.sam.TemplateValues.ref;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code Type: EventBridgeRule} (and its older name {@code CloudWatchEvent}): an {@code AWS::Events::Rule} named
 * {@code <Function><Event>} whose one target is the function, the {@code <Function><Event>Permission} that lets
 * EventBridge invoke it, and, for {@code DeadLetterConfig: {Type: SQS}}, the queue {@code <Function><Event>Queue}
 * with its policy (aws-sam-translator's {@code CloudWatchEvent} and {@code EventBridgeRuleUtils}).
 */
final class EventBridgeRuleEvent extends EventSource {

    static final String TARGET_SUFFIX = "LambdaTarget";
    private static final List<String> KNOWN = List.of("EventBusName", "RuleName", "Pattern", "DeadLetterConfig",
            "RetryPolicy", "Input", "InputPath", "Target", "Enabled", "State", "InputTransformer");

    @Override
    void toCloudFormation(SamFunction function, String name, String type, Map<String, Object> properties) {
        check(function, name, type, properties, KNOWN, List.of());
        String logicalId = function.id() + name;
        Map<String, Object> rule = object("EventBusName", properties.get("EventBusName"),
                "EventPattern", properties.get("Pattern"), "Name", properties.get("RuleName"));
        Object dlqArn = deadLetterQueue(function, name, logicalId, properties.get("DeadLetterConfig"));
        Object state = state(function, name, properties);
        if (state != null) {
            rule.put("State", state);
        }
        Map<String, Object> target = new LinkedHashMap<>();
        target.put("Arn", function.functionArn());
        target.put("Id", properties.get("Target") instanceof Map<?, ?> t && t.containsKey("Id") ? t.get("Id")
                : LogicalIds.targetId(logicalId, TARGET_SUFFIX));
        copy(properties, target, "Input", "InputPath");
        if (properties.get("DeadLetterConfig") != null) {
            target.put("DeadLetterConfig", object("Arn", dlqArn));
        }
        copy(properties, target, "RetryPolicy", "InputTransformer");
        rule.put("Targets", new ArrayList<>(List.of(target)));
        function.add(logicalId, "AWS::Events::Rule", rule, function.passThrough());
        function.add(logicalId + "Permission", "AWS::Lambda::Permission",
                permission(function, "events.amazonaws.com", getAtt(logicalId, "Arn")), function.passThrough());
    }

    /** The rule's State from {@code State} or {@code Enabled} (not both). */
    static Object state(SamFunction function, String name, Map<String, Object> properties) {
        if (properties.get("State") != null && properties.get("Enabled") != null) {
            throw function.invalid("Event with id [" + name + "] is invalid. State and Enabled Properties cannot both"
                    + " be specified.");
        }
        if (properties.get("Enabled") != null) {
            return Boolean.TRUE.equals(properties.get("Enabled")) || "true".equals(properties.get("Enabled"))
                    ? "ENABLED" : "DISABLED";
        }
        return properties.get("State");
    }

    static void copy(Map<String, Object> from, Map<String, Object> to, String... names) {
        for (String name : names) {
            if (from.get(name) != null) {
                to.put(name, from.get(name));
            }
        }
    }

    /**
     * A rule target's dead-letter queue: the given {@code Arn}, or for {@code Type: SQS} a new queue
     * ({@code QueueLogicalId}, else {@code <Function><Event>Queue}) and a queue policy letting the rule send to it.
     *
     * @return the queue's ARN, or null without a DeadLetterConfig
     */
    static Object deadLetterQueue(SamFunction function, String name, String logicalId, Object config) {
        if (config == null) {
            return null;
        }
        Map<String, Object> dlq = TemplateValues.map(config, function.where("Events." + name + ".DeadLetterConfig"));
        checkDeadLetterConfig(function, logicalId, dlq);
        if (dlq.get("Arn") != null) {
            return dlq.get("Arn");
        }
        Object queueId = dlq.get("QueueLogicalId");
        if (queueId != null && !(queueId instanceof String)) {
            throw function.invalid("Event with id [" + logicalId + "] is invalid. QueueLogicalId must be a string");
        }
        String queue = queueId != null ? (String) queueId : logicalId + "Queue";
        function.add(queue, "AWS::SQS::Queue", null, function.passThrough());
        Object queueArn = getAtt(queue, "Arn");
        Map<String, Object> statement = object("Action", "sqs:SendMessage", "Effect", "Allow",
                "Principal", object("Service", "events.amazonaws.com"), "Resource", queueArn,
                "Condition", object("ArnEquals", object("aws:SourceArn", getAtt(logicalId, "Arn"))));
        function.add(logicalId + "QueuePolicy", "AWS::SQS::QueuePolicy", object("PolicyDocument",
                object("Version", "2012-10-17", "Statement", List.of(statement)),
                "Queues", List.of(ref(queue))), function.passThrough());
        return queueArn;
    }

    static void checkDeadLetterConfig(SamFunction function, String logicalId, Map<String, Object> dlq) {
        boolean arn = dlq.containsKey("Arn");
        boolean type = dlq.containsKey("Type");
        if (arn && type) {
            throw function.invalid("Event with id [" + logicalId + "] is invalid. You can either define 'Arn' or"
                    + " 'Type' property of DeadLetterConfig.");
        }
        if (type && !"SQS".equals(dlq.get("Type"))) {
            throw function.invalid("Event with id [" + logicalId + "] is invalid. The only valid value for 'Type'"
                    + " property of DeadLetterConfig is 'SQS'.");
        }
        if (!arn && !type) {
            throw function.invalid("Event with id [" + logicalId + "] is invalid. No 'Arn' or 'Type' property provided"
                    + " for DeadLetterConfig.");
        }
    }
}
