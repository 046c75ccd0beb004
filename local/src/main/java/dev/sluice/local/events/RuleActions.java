package dev.sluice.local.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** PutRule, DescribeRule, ListRules, DeleteRule, EnableRule, DisableRule, ListRuleNamesByTarget, TestEventPattern. */
final class RuleActions {

    private final EventBuses buses;
    private final ObjectMapper json;
    private final String accountId;

    RuleActions(EventBuses buses, ObjectMapper json, String accountId) {
        this.buses = buses;
        this.json = json;
        this.accountId = accountId;
    }

    JsonNode putRule(JsonNode request) throws EventsException {
        String name = Fields.required(request, "Name");
        Fields.checkName("Name", name, 64, "");
        String bus = EventBuses.busName(Fields.optional(request, "EventBusName"));
        String schedule = Fields.optional(request, "ScheduleExpression");
        if (schedule != null) {
            throw EventsException.invalid("ScheduleExpression is not supported locally (given " + schedule
                    + "); use an EventPattern rule.");
        }
        String pattern = Fields.optional(request, "EventPattern");
        if (pattern == null) {
            throw EventsException.invalid("Parameter(s) EventPattern or ScheduleExpression must be specified.");
        }
        EventPatterns.check(pattern);
        String state = Fields.optional(request, "State");
        if (state != null && !state.equals("ENABLED") && !state.equals("DISABLED")) {
            throw EventsException.invalid("1 validation error detected: Value '" + state
                    + "' at 'state' failed to satisfy constraint: Member must satisfy enum value set: [ENABLED, DISABLED]");
        }
        String description = Fields.optional(request, "Description");
        if (description != null && description.length() > 512) {
            throw EventsException.invalid("Description is " + description.length()
                    + " characters, over the limit of 512");
        }
        var tags = TagActions.parseTags(request.get("Tags"));
        Rule rule = buses.putRule(bus, name, pattern, description, Fields.optional(request, "RoleArn"),
                !"DISABLED".equals(state));
        buses.tag(rule.arn(), tags);
        return json.createObjectNode().put("RuleArn", rule.arn());
    }

    JsonNode describeRule(JsonNode request) throws EventsException {
        return describe(buses.rule(bus(request), Fields.required(request, "Name")));
    }

    JsonNode listRules(JsonNode request) throws EventsException {
        Page<Rule> page = Page.of(buses.rules(bus(request), Fields.optional(request, "NamePrefix")), request);
        ObjectNode response = json.createObjectNode();
        ArrayNode list = response.putArray("Rules");
        page.items().forEach(rule -> list.add(describe(rule)));
        page.putToken(response);
        return response;
    }

    JsonNode listRuleNamesByTarget(JsonNode request) throws EventsException {
        String targetArn = Fields.required(request, "TargetArn");
        Page<Rule> page = Page.of(buses.rulesTargeting(bus(request), targetArn), request);
        ObjectNode response = json.createObjectNode();
        ArrayNode names = response.putArray("RuleNames");
        page.items().forEach(rule -> names.add(rule.name()));
        page.putToken(response);
        return response;
    }

    JsonNode deleteRule(JsonNode request) throws EventsException {
        buses.deleteRule(bus(request), Fields.required(request, "Name"));
        return json.createObjectNode();
    }

    JsonNode enableRule(JsonNode request) throws EventsException {
        buses.setEnabled(bus(request), Fields.required(request, "Name"), true);
        return json.createObjectNode();
    }

    JsonNode disableRule(JsonNode request) throws EventsException {
        buses.setEnabled(bus(request), Fields.required(request, "Name"), false);
        return json.createObjectNode();
    }

    JsonNode testEventPattern(JsonNode request) throws EventsException {
        String pattern = Fields.required(request, "EventPattern");
        String event = Fields.required(request, "Event");
        JsonNode parsed;
        try {
            parsed = json.readTree(event);
        } catch (Exception e) {
            parsed = null;
        }
        if (parsed == null || !parsed.isObject()) {
            throw EventsException.invalid("Parameter Event is not valid: it must be a JSON object.");
        }
        return json.createObjectNode().put("Result", EventPatterns.matches(pattern, event));
    }

    private static String bus(JsonNode request) throws EventsException {
        return EventBuses.busName(Fields.optional(request, "EventBusName"));
    }

    private ObjectNode describe(Rule rule) {
        ObjectNode node = json.createObjectNode();
        node.put("Name", rule.name());
        node.put("Arn", rule.arn());
        node.put("EventPattern", rule.eventPattern());
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
