package dev.sluice.local.template.sam;

import static dev.sluice.local.template.sam.TemplateValues.getAtt;
import static dev.sluice.local.template.sam.TemplateValues.object;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code Type: Schedule}: an {@code AWS::Events::Rule} named {@code <Function><Event>} with the ScheduleExpression
 * and the function as target, and its {@code <Function><Event>Permission} (aws-sam-translator's {@code Schedule}).
 */
final class ScheduleEvent extends EventSource {

    private static final List<String> KNOWN = List.of("Schedule", "RuleName", "Input", "Enabled", "State", "Name",
            "Description", "DeadLetterConfig", "RetryPolicy");

    @Override
    void toCloudFormation(SamFunction function, String name, String type, Map<String, Object> properties) {
        check(function, name, type, properties, KNOWN, List.of("Schedule"));
        String logicalId = function.id() + name;
        Map<String, Object> rule = object("ScheduleExpression", properties.get("Schedule"));
        Object state = EventBridgeRuleEvent.state(function, name, properties);
        if (state != null) {
            rule.put("State", state);
        }
        EventBridgeRuleEvent.copy(properties, rule, "Name", "Description");
        Map<String, Object> added = function.add(logicalId, "AWS::Events::Rule", rule, function.passThrough());
        Object dlqArn = EventBridgeRuleEvent.deadLetterQueue(function, name, logicalId,
                properties.get("DeadLetterConfig"));
        Map<String, Object> target = new LinkedHashMap<>();
        target.put("Arn", function.functionArn());
        target.put("Id", LogicalIds.targetId(logicalId, EventBridgeRuleEvent.TARGET_SUFFIX));
        EventBridgeRuleEvent.copy(properties, target, "Input");
        if (properties.get("DeadLetterConfig") != null) {
            target.put("DeadLetterConfig", object("Arn", dlqArn));
        }
        EventBridgeRuleEvent.copy(properties, target, "RetryPolicy");
        rule.put("Targets", new ArrayList<>(List.of(target)));
        added.put("Properties", rule);
        function.add(logicalId + "Permission", "AWS::Lambda::Permission",
                permission(function, "events.amazonaws.com", getAtt(logicalId, "Arn")), function.passThrough());
    }
}
