package dev.sluice.local.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.local.edge.RequestFields;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** PutTargets, RemoveTargets, ListTargetsByRule. */
record TargetActions(EventBuses buses, ObjectMapper json) {

    static final int MAX_TARGETS_PER_REQUEST = 10;

    JsonNode putTargets(RequestFields request) {
        String ruleName = request.requiredText("Rule");
        String bus = EventBuses.busName(request.text("EventBusName"));
        JsonNode members = request.node("Targets");
        int count = members == null || !members.isArray() ? 0 : members.size();
        if (count < 1 || count > MAX_TARGETS_PER_REQUEST) {
            request.violation("Targets", members, "Member must have length between 1 and " + MAX_TARGETS_PER_REQUEST
                    + " (given " + count + ")");
        }
        request.check();
        buses.rule(bus, ruleName); // unknown rule fails the whole request, as on AWS
        List<Target> parsed = new ArrayList<>();
        int index = 1;
        for (JsonNode member : members) {
            parsed.add(Target.parse(request.element("Targets", index++, member), json));
        }
        request.check();
        List<Target> accepted = new ArrayList<>();
        Map<String, String[]> failures = new LinkedHashMap<>();
        for (Target target : parsed) {
            String problem = deliverable(target);
            if (problem != null) {
                failures.put(target.id(), new String[] {"ValidationException", problem});
            } else {
                accepted.add(target);
            }
        }
        buses.putTargets(bus, ruleName, accepted)
                .forEach((id, message) -> failures.put(id, new String[] {"LimitExceededException", message}));
        return failedEntries(failures);
    }

    /** Why the local cloud cannot deliver to this target, or null. */
    private static String deliverable(Target target) {
        return switch (target.kind()) {
            case UNSUPPORTED -> "Target " + target.arn()
                    + " is not supported locally: only SQS queues and Lambda functions are.";
            case SQS -> SqsSender.isFifo(target.arn()) && target.messageGroupId() == null
                    ? "Target " + target.id() + " is a FIFO queue: SqsParameters.MessageGroupId is required." : null;
            case LAMBDA -> null;
        };
    }

    JsonNode removeTargets(RequestFields request) {
        String ruleName = request.requiredText("Rule");
        String bus = EventBuses.busName(request.text("EventBusName"));
        JsonNode idsNode = request.node("Ids");
        if (idsNode == null || !idsNode.isArray() || idsNode.isEmpty()) {
            request.violation("Ids", null, "Member must not be null");
        }
        request.check();
        List<String> ids = new ArrayList<>();
        idsNode.forEach(id -> ids.add(id.asText()));
        Map<String, String[]> failures = new LinkedHashMap<>();
        for (String missing : buses.removeTargets(bus, ruleName, ids)) {
            failures.put(missing, new String[] {"ResourceNotFoundException",
                    "Target " + missing + " does not exist on rule " + ruleName + "."});
        }
        return failedEntries(failures);
    }

    JsonNode listTargetsByRule(RequestFields request) {
        String ruleName = request.requiredText("Rule");
        String bus = EventBuses.busName(request.text("EventBusName"));
        request.check();
        Rule rule = buses.rule(bus, ruleName);
        return Page.of(new ArrayList<>(rule.targets().values()), request, "Targets", Target::json);
    }

    private JsonNode failedEntries(Map<String, String[]> failures) {
        ObjectNode response = json.createObjectNode();
        response.put("FailedEntryCount", failures.size());
        ArrayNode list = response.putArray("FailedEntries");
        failures.forEach((id, failure) ->
                list.addObject().put("TargetId", id).put("ErrorCode", failure[0]).put("ErrorMessage", failure[1]));
        return response;
    }
}
