package dev.sluice.local.template.sam;

import static dev.sluice.local.template.sam.TemplateValues.getAtt;
import static dev.sluice.local.template.sam.TemplateValues.object;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code Type: ScheduleV2}: an EventBridge Scheduler schedule {@code <Function><Event>}
 * (AWS::Scheduler::Schedule) with its execution role {@code <Function><Event>Role} and, for
 * {@code DeadLetterConfig: {Type: SQS}}, the queue {@code <Function><Event>Queue} (aws-sam-translator's
 * {@code SchedulerEventSource}). The local cloud does not emulate EventBridge Scheduler: the schedule is generated
 * as SAM does and listed as skipped.
 */
final class ScheduleV2Event extends EventSource {

    private static final List<String> KNOWN = List.of("PermissionsBoundary", "ScheduleExpression",
            "FlexibleTimeWindow", "Name", "State", "Description", "StartDate", "EndDate",
            "ScheduleExpressionTimezone", "GroupName", "KmsKeyArn", "Input", "RoleArn", "DeadLetterConfig",
            "RetryPolicy", "OmitName");

    @Override
    void toCloudFormation(SamFunction function, String name, String type, Map<String, Object> properties) {
        check(function, name, type, properties, KNOWN, List.of("ScheduleExpression"));
        String logicalId = function.id() + name;
        Map<String, Object> schedule = object("ScheduleExpression", properties.get("ScheduleExpression"),
                "State", properties.get("State"));
        if (Boolean.TRUE.equals(properties.get("OmitName"))) {
            if (properties.get("Name") != null) {
                throw function.invalid("Event with id [" + logicalId + "] is invalid. Name cannot be set when"
                        + " OmitName is True");
            }
        } else {
            schedule.put("Name", properties.get("Name") != null ? properties.get("Name") : logicalId);
        }
        EventBridgeRuleEvent.copy(properties, schedule, "Description");
        schedule.put("FlexibleTimeWindow", properties.get("FlexibleTimeWindow") != null
                ? properties.get("FlexibleTimeWindow") : object("Mode", "OFF"));
        EventBridgeRuleEvent.copy(properties, schedule, "StartDate", "EndDate", "ScheduleExpressionTimezone",
                "GroupName", "KmsKeyArn");
        function.skip(logicalId, "AWS::Scheduler::Schedule", schedule, function.passThrough(),
                "EventBridge Scheduler is not emulated (ScheduleV2 event " + name + " of " + function.id() + ")");

        Object dlqArn = null;
        if (properties.get("DeadLetterConfig") != null) {
            Map<String, Object> dlq = TemplateValues.map(properties.get("DeadLetterConfig"),
                    function.where("Events." + name + ".DeadLetterConfig"));
            EventBridgeRuleEvent.checkDeadLetterConfig(function, logicalId, dlq);
            dlqArn = dlq.get("Arn");
            if (dlqArn == null) {
                Object queueId = dlq.get("QueueLogicalId");
                String queue = queueId instanceof String s ? s : logicalId + "Queue";
                function.add(queue, "AWS::SQS::Queue", null, function.passThrough());
                dlqArn = getAtt(queue, "Arn");
            }
        }
        Object roleArn = properties.get("RoleArn");
        if (roleArn == null) {
            List<Object> policies = new ArrayList<>();
            policies.add(policy(logicalId + "LambdaPolicy", "lambda:InvokeFunction", function.functionArn()));
            if (dlqArn != null) {
                policies.add(policy(logicalId + "SQSPolicy", "sqs:SendMessage", dlqArn));
            }
            function.add(logicalId + "Role", "AWS::IAM::Role", object(
                    "AssumeRolePolicyDocument", object("Version", "2012-10-17", "Statement", List.of(object(
                            "Action", List.of("sts:AssumeRole"), "Effect", "Allow",
                            "Principal", object("Service", List.of("scheduler.amazonaws.com"))))),
                    "Policies", policies, "PermissionsBoundary", properties.get("PermissionsBoundary")),
                    function.passThrough());
            roleArn = getAtt(logicalId + "Role", "Arn");
        }
        Map<String, Object> target = new LinkedHashMap<>();
        target.put("Arn", function.functionArn());
        target.put("RoleArn", roleArn);
        EventBridgeRuleEvent.copy(properties, target, "Input");
        if (properties.get("DeadLetterConfig") != null) {
            target.put("DeadLetterConfig", object("Arn", dlqArn));
        }
        EventBridgeRuleEvent.copy(properties, target, "RetryPolicy");
        schedule.put("Target", target);
    }

    private static Map<String, Object> policy(String name, String action, Object resource) {
        return object("PolicyName", name, "PolicyDocument", object("Statement",
                List.of(object("Action", action, "Effect", "Allow", "Resource", resource))));
    }
}
