package dev.sluice.local.logs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.local.core.Json;
import dev.sluice.local.edge.ListPage;
import dev.sluice.local.edge.RequestFields;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** CreateLogGroup, DeleteLogGroup, DescribeLogGroups, PutRetentionPolicy, DeleteRetentionPolicy. */
record LogGroupActions(LogStore store) {

    /** Log group names: 1-512 of these characters. */
    static final String GROUP_NAME_CHARACTERS = "\\.\\-_/#A-Za-z0-9";
    static final int GROUP_NAME_MAX = 512;
    /** The retention periods CloudWatch Logs accepts, in days. */
    static final Set<Integer> RETENTION_DAYS = Set.of(1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731,
            1096, 1827, 2192, 2557, 2922, 3288, 3653);

    JsonNode createLogGroup(RequestFields request) {
        String name = request.name("logGroupName", GROUP_NAME_MAX, GROUP_NAME_CHARACTERS, true);
        String logGroupClass = request.text("logGroupClass");
        request.check();
        if (logGroupClass != null && !List.of("STANDARD", "INFREQUENT_ACCESS", "DELIVERY").contains(logGroupClass)) {
            throw LogsService.invalidParameter("logGroupClass must be STANDARD, INFREQUENT_ACCESS or DELIVERY (given "
                    + logGroupClass + ")");
        }
        if (!store.createGroup(name)) {
            throw LogsService.alreadyExists("The specified log group already exists");
        }
        return Json.object();
    }

    JsonNode deleteLogGroup(RequestFields request) {
        String name = request.name("logGroupName", GROUP_NAME_MAX, GROUP_NAME_CHARACTERS, true);
        request.check();
        if (!store.deleteGroup(name)) {
            throw LogsService.notFound("The specified log group does not exist.");
        }
        return Json.object();
    }

    JsonNode describeLogGroups(RequestFields request) {
        String prefix = request.text("logGroupNamePrefix");
        String pattern = request.text("logGroupNamePattern");
        Integer limit = request.integer("limit", 1, 50, 50);
        String token = request.text("nextToken");
        JsonNode identifiers = request.node("logGroupIdentifiers");
        request.check();
        if (prefix != null && pattern != null) {
            throw LogsService.invalidParameter("LogGroup name prefix and LogGroup name pattern are mutually exclusive"
                    + " parameters.");
        }
        List<String> names = identifiers == null ? null
                : java.util.stream.StreamSupport.stream(identifiers.spliterator(), false)
                        .map(id -> groupName(id.asText())).toList();
        String lowerPattern = pattern == null ? null : pattern.toLowerCase(Locale.ROOT);
        List<LogGroupSummary> groups = store.groups(name -> (prefix == null || name.startsWith(prefix))
                && (lowerPattern == null || name.toLowerCase(Locale.ROOT).contains(lowerPattern))
                && (names == null || names.contains(name)));
        return ListPage.of(groups, limit, token).toJson("logGroups", "nextToken", LogGroupActions::describe);
    }

    JsonNode putRetentionPolicy(RequestFields request) {
        String name = request.name("logGroupName", GROUP_NAME_MAX, GROUP_NAME_CHARACTERS, true);
        Integer days = request.integer("retentionInDays", null);
        if (days == null && !request.has("retentionInDays")) {
            request.violation("retentionInDays", null, "Member must not be null");
        }
        request.check();
        if (!RETENTION_DAYS.contains(days)) {
            throw LogsService.invalidParameter("1 validation error detected: Value '" + days + "' at 'retentionInDays'"
                    + " failed to satisfy constraint: Member must satisfy enum value set: "
                    + RETENTION_DAYS.stream().sorted().toList());
        }
        existing(name).setRetentionInDays(days);
        return Json.object();
    }

    JsonNode deleteRetentionPolicy(RequestFields request) {
        String name = request.name("logGroupName", GROUP_NAME_MAX, GROUP_NAME_CHARACTERS, true);
        request.check();
        existing(name).setRetentionInDays(null);
        return Json.object();
    }

    private LogGroup existing(String name) {
        return existingGroup(store, name);
    }

    /** The name in a log group identifier: a name, or an ARN with or without the trailing {@code :*}. */
    static String groupName(String identifier) {
        String id = identifier.endsWith(":*") ? identifier.substring(0, identifier.length() - 2) : identifier;
        int marker = id.indexOf(":log-group:");
        return id.startsWith("arn:") && marker >= 0 ? id.substring(marker + ":log-group:".length()) : id;
    }

    /**
     * The group a request names, by {@code logGroupName} or {@code logGroupIdentifier} (a name or an ARN): reads both
     * members (violations join the request's others) and returns the name, or null when neither is given.
     */
    static String requestedGroup(RequestFields request) {
        String name = request.name("logGroupName", GROUP_NAME_MAX, GROUP_NAME_CHARACTERS, false);
        String identifier = request.text("logGroupIdentifier");
        if (name != null && identifier != null) {
            request.check();
            throw LogsService.invalidParameter("LogGroup name and LogGroup ARN are mutually exclusive parameters.");
        }
        return name != null ? name : identifier == null ? null : groupName(identifier);
    }

    /** The group {@code name} (from {@link #requestedGroup}), or CloudWatch Logs' ResourceNotFoundException. */
    static LogGroup existingGroup(LogStore store, String name) {
        if (name == null) {
            throw LogsService.invalidParameter("Either logGroupName or logGroupIdentifier must be given.");
        }
        LogGroup group = store.group(name, false);
        if (group == null) {
            throw LogsService.notFound("The specified log group does not exist.");
        }
        return group;
    }

    private static ObjectNode describe(LogGroupSummary group) {
        ObjectNode node = Json.object();
        node.put("logGroupName", group.name());
        node.put("creationTime", group.creationTime());
        if (group.retentionInDays() != null) {
            node.put("retentionInDays", group.retentionInDays());
        }
        node.put("metricFilterCount", 0);
        node.put("arn", group.arn() + ":*");
        node.put("storedBytes", group.storedBytes());
        node.put("logGroupClass", "STANDARD");
        node.put("logGroupArn", group.arn());
        return node;
    }
}
