package dev.sluice.local.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.local.core.Arn;
import dev.sluice.local.edge.AwsError;
import dev.sluice.local.edge.RequestFields;

import java.util.Set;

/** CreateArchive, DescribeArchive, ListArchives, UpdateArchive, DeleteArchive. */
record ArchiveActions(EventBuses buses, Archives archives, ObjectMapper json) {

    /** Archive names: 1-48 of these characters. */
    static final String NAME_CHARACTERS = "\\.\\-_A-Za-z0-9";
    /** Local archives are usable at once: CREATING and UPDATING pass before the answer. */
    private static final String STATE = "ENABLED";
    private static final Set<String> STATES = Set.of("ENABLED", "DISABLED", "CREATING", "UPDATING", "CREATE_FAILED",
            "UPDATE_FAILED");

    JsonNode createArchive(RequestFields request) {
        String name = request.name("ArchiveName", 48, NAME_CHARACTERS, true);
        String source = request.requiredText("EventSourceArn");
        if (source != null && !Arn.isOf(source, "events")) {
            request.violation("EventSourceArn", source,
                    "Member must satisfy regular expression pattern: ^arn:aws([a-z]|\\-)*:events:([a-z]|\\d|\\-)*:([0-9]{12})?:.+\\/.+$");
        }
        Settings settings = Settings.read(request);
        EventBuses.Bus bus = buses.bus(Arn.nameOf(source));
        Archive archive = archives.create(name, bus, settings.description, settings.pattern,
                settings.retention == null ? 0 : settings.retention);
        return changed(archive);
    }

    JsonNode describeArchive(RequestFields request) {
        String name = request.name("ArchiveName", 48, NAME_CHARACTERS, true);
        request.check();
        Archive archive = archives.archive(name);
        archives.expire(archive);
        ObjectNode node = summary(archive);
        node.put("ArchiveArn", archive.arn);
        if (archive.description() != null) {
            node.put("Description", archive.description());
        }
        if (archive.pattern() != null) {
            node.put("EventPattern", archive.pattern());
        }
        return node;
    }

    JsonNode listArchives(RequestFields request) {
        String prefix = request.text("NamePrefix");
        String source = request.text("EventSourceArn");
        String state = request.text("State");
        if (state != null && !STATES.contains(state)) {
            request.violation("State", state, "Member must satisfy enum value set: [" + String.join(", ",
                    new java.util.TreeSet<>(STATES)) + "]");
        }
        if ((prefix != null ? 1 : 0) + (source != null ? 1 : 0) + (state != null ? 1 : 0) > 1) {
            throw AwsError.validation("At most one filter is allowed for ListArchives. Use either : State,"
                    + " EventSourceArn, or NamePrefix.");
        }
        var all = state != null && !STATE.equals(state) ? java.util.List.<Archive>of() : archives.list(prefix, source);
        all.forEach(archives::expire);
        return Page.of(all, request, "Archives", this::summary);
    }

    JsonNode updateArchive(RequestFields request) {
        String name = request.name("ArchiveName", 48, NAME_CHARACTERS, true);
        Settings settings = Settings.read(request);
        Archive archive = archives.archive(name);
        archive.update(settings.description, settings.pattern, settings.retention);
        archives.expire(archive);
        return changed(archive);
    }

    JsonNode deleteArchive(RequestFields request) {
        String name = request.name("ArchiveName", 48, NAME_CHARACTERS, true);
        request.check();
        archives.delete(name);
        return json.createObjectNode();
    }

    private ObjectNode summary(Archive archive) {
        return json.createObjectNode().put("ArchiveName", archive.name).put("EventSourceArn", archive.busArn)
                .put("State", STATE).put("RetentionDays", archive.retentionDays())
                .put("SizeBytes", archive.sizeBytes()).put("EventCount", archive.eventCount())
                .put("CreationTime", seconds(archive));
    }

    /** The answer of CreateArchive and UpdateArchive. */
    private ObjectNode changed(Archive archive) {
        return json.createObjectNode().put("ArchiveArn", archive.arn).put("State", STATE)
                .put("CreationTime", seconds(archive));
    }

    /** The members CreateArchive and UpdateArchive share (null: not given). */
    private record Settings(String description, String pattern, Integer retention) {

        /** Reads them last, checks the whole request (every problem at once), then the pattern. */
        static Settings read(RequestFields request) {
            String description = request.text("Description");
            if (description != null && description.length() > 512) {
                request.violation("Description", description, "Member must have length less than or equal to 512");
            }
            Settings settings = new Settings(description, request.text("EventPattern"),
                    request.integer("RetentionDays", 0, Integer.MAX_VALUE, null));
            request.check();
            if (settings.pattern != null) {
                EventPatterns.check(settings.pattern);
            }
            return settings;
        }
    }

    private static long seconds(Archive archive) {
        return archive.created.getEpochSecond();
    }
}
