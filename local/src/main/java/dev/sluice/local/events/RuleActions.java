package dev.sluice.local.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.local.core.Json;
import dev.sluice.local.edge.AwsError;
import dev.sluice.local.edge.RequestFields;

import java.util.Map;
import java.util.Set;

/** PutRule, DescribeRule, ListRules, DeleteRule, EnableRule, DisableRule, ListRuleNamesByTarget, TestEventPattern. */
record RuleActions(EventBuses buses, RuleSchedules schedules, ObjectMapper json, String accountId) {

    /** Rule and target names: 1-64 of these characters. */
    static final String NAME_CHARACTERS = "\\.\\-_A-Za-z0-9";

    private static final Set<String> STATES = Set.of("ENABLED", "DISABLED");

    JsonNode putRule(RequestFields request) {
        String name = request.name("Name", 64, NAME_CHARACTERS, true);
        String bus = bus(request);
        String schedule = request.text("ScheduleExpression");
        String pattern = request.text("EventPattern");
        String state = request.text("State");
        if (state != null && !STATES.contains(state)) {
            request.violation("State", state, "Member must satisfy enum value set: [ENABLED, DISABLED]");
        }
        String description = request.text("Description");
        if (description != null && description.length() > 512) {
            request.violation("Description", description, "Member must have length less than or equal to 512");
        }
        String roleArn = request.text("RoleArn");
        Map<String, String> tags = TagActions.parseTags(request);
        request.check();
        if (schedule != null && !EventBuses.DEFAULT_BUS.equals(bus)) {
            throw AwsError.validation("ScheduleExpression is supported only on the default event bus.");
        }
        ScheduleExpression parsed = schedule == null ? null : ScheduleExpression.parse(schedule);
        if (pattern == null && schedule == null) {
            throw AwsError.validation("Parameter(s) EventPattern or ScheduleExpression must be specified.");
        }
        if (pattern != null) {
            EventPatterns.check(pattern);
        }
        Rule rule = buses.putRule(bus, name, pattern, parsed, description, roleArn, !"DISABLED".equals(state));
        buses.tag(rule.arn(), tags);
        schedules.tick(); // a rate counts from now, not from the next tick
        return json.createObjectNode().put("RuleArn", rule.arn());
    }

    JsonNode describeRule(RequestFields request) {
        String name = request.requiredText("Name");
        String bus = bus(request);
        request.check();
        return describe(buses.rule(bus, name));
    }

    JsonNode listRules(RequestFields request) {
        String prefix = request.text("NamePrefix");
        String bus = bus(request);
        return Page.of(buses.rules(bus, prefix), request, "Rules", this::describe);
    }

    JsonNode listRuleNamesByTarget(RequestFields request) {
        String targetArn = request.requiredText("TargetArn");
        String bus = bus(request);
        request.check();
        return Page.of(buses.rulesTargeting(bus, targetArn), request, "RuleNames",
                rule -> json.getNodeFactory().textNode(rule.name()));
    }

    JsonNode deleteRule(RequestFields request) {
        String name = request.requiredText("Name");
        String bus = bus(request);
        request.check();
        buses.deleteRule(bus, name);
        return json.createObjectNode();
    }

    JsonNode enableRule(RequestFields request) {
        return setEnabled(request, true);
    }

    JsonNode disableRule(RequestFields request) {
        return setEnabled(request, false);
    }

    private JsonNode setEnabled(RequestFields request, boolean enabled) {
        String name = request.requiredText("Name");
        String bus = bus(request);
        request.check();
        buses.setEnabled(bus, name, enabled);
        schedules.tick();
        return json.createObjectNode();
    }

    JsonNode testEventPattern(RequestFields request) {
        String pattern = request.requiredText("EventPattern");
        String event = request.requiredText("Event");
        request.check();
        if (Json.readObject(json, event) == null) {
            throw AwsError.validation("Parameter Event is not valid: it must be a JSON object.");
        }
        return json.createObjectNode().put("Result", EventPatterns.matches(pattern, event));
    }

    private static String bus(RequestFields request) {
        return EventBuses.busName(request.text("EventBusName"));
    }

    private ObjectNode describe(Rule rule) {
        ObjectNode node = json.createObjectNode();
        node.put("Name", rule.name());
        node.put("Arn", rule.arn());
        if (rule.eventPattern() != null) {
            node.put("EventPattern", rule.eventPattern());
        }
        if (rule.schedule() != null) {
            node.put("ScheduleExpression", rule.schedule().text());
        }
        node.put("State", rule.state());
        if (rule.description() != null) {
            node.put("Description", rule.description());
        }
        if (rule.roleArn() != null) {
            node.put("RoleArn", rule.roleArn());
        }
        node.put("EventBusName", rule.busName());
        node.put("CreatedBy", accountId);
        return node;
    }
}
