package dev.sluice.local.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.local.core.Arn;
import dev.sluice.local.edge.AwsError;
import dev.sluice.local.edge.RequestFields;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** StartReplay, DescribeReplay, ListReplays, CancelReplay. */
record ReplayActions(EventBuses buses, Archives archives, Replays replays, ObjectMapper json) {

    /** Replay names: 1-64 of these characters. */
    static final String NAME_CHARACTERS = "\\.\\-_A-Za-z0-9";

    JsonNode startReplay(RequestFields request) {
        String name = request.name("ReplayName", 64, NAME_CHARACTERS, true);
        String description = request.text("Description");
        if (description != null && description.length() > 512) {
            request.violation("Description", description, "Member must have length less than or equal to 512");
        }
        String source = request.requiredText("EventSourceArn");
        Instant from = time(request, "EventStartTime");
        Instant to = time(request, "EventEndTime");
        RequestFields destination = request.object("Destination");
        String destinationArn = null;
        if (!request.has("Destination")) {
            request.violation("Destination", null, "Member must not be null");
        } else {
            destinationArn = destination.requiredText("Arn");
        }
        List<String> filterArns = new ArrayList<>();
        JsonNode filters = destination.node("FilterArns");
        if (filters != null) {
            filters.forEach(f -> filterArns.add(f.asText()));
        }
        request.check();
        if (!Arn.isOf(destinationArn, "events") || !Arn.parse(destinationArn).resource().startsWith("event-bus/")) {
            throw AwsError.validation("Parameter Destination.Arn is not valid. Reason: Must contain an event bus ARN.");
        }
        EventBuses.Bus bus = buses.bus(Arn.nameOf(destinationArn));
        String archiveName = source.substring(source.lastIndexOf('/') + 1);
        Archive archive = archives.find(archiveName);
        if (archive == null || !archive.arn.equals(source)) {
            throw AwsError.validation("Parameter EventSourceArn is not valid. Reason: Archive " + archiveName
                    + " does not exist.");
        }
        if (!archive.busArn.equals(bus.arn)) {
            throw AwsError.validation("Parameter Destination.Arn is not valid. Reason: Cross event bus replay is not"
                    + " permitted.");
        }
        if (!to.isAfter(from)) {
            throw AwsError.validation("Parameter EventEndTime is not valid. Reason: EventStartTime must be before"
                    + " EventEndTime.");
        }
        for (String filter : filterArns) {
            boolean known = bus.rules.values().stream().anyMatch(r -> r.arn().equals(filter));
            if (!known) {
                throw AwsError.validation("Parameter Destination.FilterArns is not valid. Reason: Rule " + filter
                        + " does not exist on EventBus " + bus.name + ".");
            }
        }
        Replay replay = replays.start(new Replay.Request(name, description, archive.arn, destinationArn, filterArns, from,
                to), archive);
        return json.createObjectNode().put("ReplayArn", replay.arn).put("State", Replay.State.STARTING.name())
                .put("ReplayStartTime", seconds(replay.replayStartTime));
    }

    JsonNode describeReplay(RequestFields request) {
        String name = request.name("ReplayName", 64, NAME_CHARACTERS, true);
        request.check();
        Replay replay = replays.replay(name);
        ObjectNode node = summary(replay);
        node.put("ReplayArn", replay.arn);
        Replay.Request asked = replay.request;
        if (asked.description() != null) {
            node.put("Description", asked.description());
        }
        ObjectNode destination = node.putObject("Destination").put("Arn", asked.destinationArn());
        if (!asked.filterArns().isEmpty()) {
            var list = destination.putArray("FilterArns");
            asked.filterArns().forEach(list::add);
        }
        return node;
    }

    JsonNode listReplays(RequestFields request) {
        String prefix = request.text("NamePrefix");
        String source = request.text("EventSourceArn");
        String state = request.text("State");
        if (state != null && Arrays.stream(Replay.State.values()).noneMatch(s -> s.name().equals(state))) {
            request.violation("State", state, "Member must satisfy enum value set: [CANCELLED, CANCELLING, COMPLETED,"
                    + " FAILED, RUNNING, STARTING]");
        }
        if ((prefix != null ? 1 : 0) + (source != null ? 1 : 0) + (state != null ? 1 : 0) > 1) {
            throw AwsError.validation("At most one filter is allowed for ListReplays. Use either : State,"
                    + " EventSourceArn, or NamePrefix.");
        }
        return Page.of(replays.list(prefix, source, state), request, "Replays", this::summary);
    }

    JsonNode cancelReplay(RequestFields request) {
        String name = request.name("ReplayName", 64, NAME_CHARACTERS, true);
        request.check();
        Replay replay = replays.replay(name);
        if (!replay.cancel()) {
            throw AwsError.badRequest("IllegalStatusException", "Replay " + name
                    + " is not in a valid state for this operation.");
        }
        return json.createObjectNode().put("ReplayArn", replay.arn).put("State", Replay.State.CANCELLING.name());
    }

    private ObjectNode summary(Replay replay) {
        ObjectNode node = json.createObjectNode().put("ReplayName", replay.name())
                .put("EventSourceArn", replay.request.archiveArn()).put("State", replay.state().name());
        if (replay.stateReason() != null) {
            node.put("StateReason", replay.stateReason());
        }
        node.put("EventStartTime", seconds(replay.request.eventStartTime()));
        node.put("EventEndTime", seconds(replay.request.eventEndTime()));
        if (replay.eventLastReplayedTime() != null) {
            node.put("EventLastReplayedTime", seconds(replay.eventLastReplayedTime()));
        }
        node.put("ReplayStartTime", seconds(replay.replayStartTime));
        if (replay.replayEndTime() != null) {
            node.put("ReplayEndTime", seconds(replay.replayEndTime()));
        }
        return node;
    }

    /** A required timestamp member: epoch seconds, as the SDKs send them (fractions allowed). */
    private static Instant time(RequestFields request, String member) {
        JsonNode node = request.node(member);
        if (node == null || node.isNull()) {
            request.violation(member, null, "Member must not be null");
            return Instant.EPOCH;
        }
        if (!node.isNumber()) {
            request.violation(member, node, "Member must be a timestamp (epoch seconds)");
            return Instant.EPOCH;
        }
        BigDecimal value = node.decimalValue();
        return Instant.ofEpochSecond(value.longValue(), value.remainder(BigDecimal.ONE).movePointRight(9).longValue());
    }

    /** Epoch seconds with milliseconds, as AWS JSON writes timestamps. */
    private static BigDecimal seconds(Instant instant) {
        return BigDecimal.valueOf(instant.toEpochMilli()).movePointLeft(3);
    }
}
