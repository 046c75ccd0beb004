package dev.sluice.local.logs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.local.core.Json;
import dev.sluice.local.edge.RequestFields;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * PutLogEvents, GetLogEvents and FilterLogEvents, with CloudWatch Logs' limits and paging.
 *
 * <p>Tokens name a position in a stream's (or a group's) read order, by timestamp then arrival: GetLogEvents answers
 * {@code f/<56 digits>} (the events after the last one returned) and {@code b/<56 digits>} (those before the first);
 * at the end of a stream it gives back the token it was given, as CloudWatch Logs does, which is how paginators know
 * to stop. FilterLogEvents answers {@code nextToken} only while more events match.
 */
record LogEventActions(LogStore store) {

    /** One response carries at most this many bytes of events (messages plus 26 bytes each), as on AWS. */
    static final long MAX_RESPONSE_BYTES = 1_048_576;
    static final int MAX_EVENTS = 10_000;
    /** PutLogEvents: a batch's bytes (messages in UTF-8 plus 26 bytes per event). */
    static final long MAX_BATCH_BYTES = 1_048_576;
    /** PutLogEvents: one event's message (1 MB per event since April 2025, 26 of them the overhead). */
    static final long MAX_EVENT_MESSAGE_BYTES = 1_048_576 - LogEvent.OVERHEAD_BYTES;
    static final Duration TOO_NEW = Duration.ofHours(2);
    static final Duration TOO_OLD = Duration.ofDays(14);
    static final Duration MAX_BATCH_SPAN = Duration.ofHours(24);

    JsonNode putLogEvents(RequestFields request) {
        String groupName = request.name("logGroupName", LogGroupActions.GROUP_NAME_MAX,
                LogGroupActions.GROUP_NAME_CHARACTERS, true);
        String streamName = LogStreamActions.streamName(request);
        JsonNode list = request.node("logEvents");
        List<LogStore.InputEvent> input = new ArrayList<>();
        if (list == null) {
            request.violation("logEvents", null, "Member must not be null");
        } else if (!list.isArray() || list.isEmpty() || list.size() > MAX_EVENTS) {
            request.violation("logEvents", list, "Member must have length between 1 and " + MAX_EVENTS);
        } else {
            for (int i = 0; i < list.size(); i++) {
                RequestFields event = request.element("logEvents", i + 1, list.get(i));
                Long timestamp = event.longInteger("timestamp", null);
                if (timestamp == null && !event.has("timestamp")) {
                    event.violation("timestamp", null, "Member must not be null");
                } else if (timestamp != null && timestamp < 0) {
                    event.violation("timestamp", timestamp, "Member must have value greater than or equal to 0");
                }
                String message = event.requiredText("message");
                if (timestamp != null && message != null) {
                    input.add(new LogStore.InputEvent(timestamp, message));
                }
            }
        }
        request.check();
        long batchBytes = 0;
        for (int i = 0; i < input.size(); i++) {
            long bytes = LogEvent.sizeBytes(input.get(i).message());
            if (bytes - LogEvent.OVERHEAD_BYTES > MAX_EVENT_MESSAGE_BYTES) {
                throw LogsService.invalidParameter("Log event too large: event " + i + " has "
                        + (bytes - LogEvent.OVERHEAD_BYTES) + " bytes (limit " + MAX_EVENT_MESSAGE_BYTES + ")");
            }
            if (i > 0 && input.get(i).timestamp() < input.get(i - 1).timestamp()) {
                throw LogsService.invalidParameter("Log events in a single PutLogEvents request must be in"
                        + " chronological order.");
            }
            batchBytes += bytes;
        }
        if (batchBytes > MAX_BATCH_BYTES) {
            throw LogsService.invalidParameter("Upload too large: " + batchBytes + " bytes exceeds " + MAX_BATCH_BYTES
                    + " bytes (messages in UTF-8 plus 26 bytes per event)");
        }
        if (input.get(input.size() - 1).timestamp() - input.get(0).timestamp() > MAX_BATCH_SPAN.toMillis()) {
            throw LogsService.invalidParameter("The batch of log events in a single PutLogEvents request cannot span"
                    + " more than 24 hours.");
        }
        long now = store.now();
        int tooOldEnd = 0;
        while (tooOldEnd < input.size() && input.get(tooOldEnd).timestamp() < now - TOO_OLD.toMillis()) {
            tooOldEnd++;
        }
        int tooNewStart = input.size();
        while (tooNewStart > tooOldEnd && input.get(tooNewStart - 1).timestamp() > now + TOO_NEW.toMillis()) {
            tooNewStart--;
        }
        LogGroup group = LogGroupActions.existingGroup(store, groupName);
        List<LogEvent> accepted = store.newEvents(streamName, input.subList(tooOldEnd, tooNewStart));
        if (!group.add(streamName, accepted, false, now)) {
            throw LogsService.notFound("The specified log stream does not exist.");
        }
        ObjectNode response = Json.object().put("nextSequenceToken", Long.toString(now));
        if (tooOldEnd > 0 || tooNewStart < input.size()) {
            ObjectNode rejected = response.putObject("rejectedLogEventsInfo");
            if (tooOldEnd > 0) {
                rejected.put("tooOldLogEventEndIndex", tooOldEnd);
            }
            if (tooNewStart < input.size()) {
                rejected.put("tooNewLogEventStartIndex", tooNewStart);
            }
        }
        return response;
    }

    JsonNode getLogEvents(RequestFields request) {
        String groupName = LogGroupActions.requestedGroup(request);
        String streamName = LogStreamActions.streamName(request);
        Long startTime = request.longInteger("startTime", null);
        Long endTime = request.longInteger("endTime", null);
        String token = request.text("nextToken");
        int limit = request.integer("limit", 1, MAX_EVENTS, MAX_EVENTS);
        boolean startFromHead = request.bool("startFromHead", false);
        request.check();
        List<LogEvent> all = LogGroupActions.existingGroup(store, groupName).events(streamName);
        if (all == null) {
            throw LogsService.notFound("The specified log stream does not exist.");
        }
        List<LogEvent> events = new ArrayList<>(all.size());
        for (LogEvent event : all) {
            if ((startTime == null || event.timestamp() >= startTime) && (endTime == null || event.timestamp() < endTime)) {
                events.add(event);
            }
        }
        Position position = token == null ? null : Position.parse(token);
        boolean forward = position == null ? startFromHead : position.forward();
        List<LogEvent> page;
        if (forward) {
            int from = position == null ? 0 : firstAfter(events, position);
            page = forwardPage(events, from, limit);
        } else {
            int to = position == null ? events.size() : firstAtOrAfter(events, position);
            page = backwardPage(events, to, limit);
        }
        ObjectNode response = Json.object();
        ArrayNode list = response.putArray("events");
        for (LogEvent event : page) {
            list.addObject().put("timestamp", event.timestamp()).put("message", event.message())
                    .put("ingestionTime", event.ingestionTime());
        }
        if (page.isEmpty()) {
            Position at = position != null ? position : new Position(true, 0, 0);
            response.put("nextForwardToken", forward || position == null ? at.asForward() : at.before().asForward());
            response.put("nextBackwardToken", forward && position != null ? at.after().asBackward() : at.asBackward());
        } else {
            response.put("nextForwardToken", Position.of(page.get(page.size() - 1)).asForward());
            response.put("nextBackwardToken", Position.of(page.get(0)).asBackward());
        }
        return response;
    }

    JsonNode filterLogEvents(RequestFields request) {
        String groupName = LogGroupActions.requestedGroup(request);
        JsonNode names = request.node("logStreamNames");
        String prefix = request.text("logStreamNamePrefix");
        Long startTime = request.longInteger("startTime", null);
        Long endTime = request.longInteger("endTime", null);
        String patternText = request.text("filterPattern");
        String token = request.text("nextToken");
        int limit = request.integer("limit", 1, MAX_EVENTS, MAX_EVENTS);
        Set<String> streamNames = null;
        if (names != null) {
            if (!names.isArray() || names.isEmpty() || names.size() > 100) {
                request.violation("logStreamNames", names, "Member must have length between 1 and 100");
            } else {
                streamNames = new HashSet<>();
                for (JsonNode name : names) {
                    streamNames.add(name.asText());
                }
            }
        }
        request.check();
        if (streamNames != null && prefix != null) {
            throw LogsService.invalidParameter("logStreamNames and logStreamNamePrefix are mutually exclusive"
                    + " parameters.");
        }
        FilterPattern pattern;
        try {
            pattern = FilterPattern.parse(patternText);
        } catch (IllegalArgumentException e) {
            throw LogsService.invalidParameter("Invalid filter pattern: " + e.getMessage());
        }
        Set<String> selectedNames = streamNames;
        Predicate<String> streamSelected = name -> (selectedNames == null || selectedNames.contains(name))
                && (prefix == null || name.startsWith(prefix));
        Predicate<LogEvent> match = event -> (startTime == null || event.timestamp() >= startTime)
                && (endTime == null || event.timestamp() <= endTime) && pattern.test(event.message());
        List<LogEvent> events = LogGroupActions.existingGroup(store, groupName).events(streamSelected, match);
        int from = token == null ? 0 : firstAfter(events, Position.parse(token));
        List<LogEvent> page = forwardPage(events, from, limit);
        ObjectNode response = Json.object();
        ArrayNode list = response.putArray("events");
        Set<String> searched = new java.util.TreeSet<>();
        for (LogEvent event : page) {
            list.addObject().put("logStreamName", event.streamName()).put("timestamp", event.timestamp())
                    .put("message", event.message()).put("ingestionTime", event.ingestionTime())
                    .put("eventId", event.eventId());
            searched.add(event.streamName());
        }
        ArrayNode searchedStreams = response.putArray("searchedLogStreams");
        searched.forEach(name -> searchedStreams.addObject().put("logStreamName", name).put("searchedCompletely", true));
        if (from + page.size() < events.size()) {
            response.put("nextToken", Position.of(page.get(page.size() - 1)).asForward());
        }
        return response;
    }

    /** Up to {@code limit} events from index {@code from} on, within the response's byte limit. */
    private static List<LogEvent> forwardPage(List<LogEvent> events, int from, int limit) {
        List<LogEvent> page = new ArrayList<>();
        long bytes = 0;
        for (int i = from; i < events.size() && page.size() < limit; i++) {
            bytes += events.get(i).sizeBytes();
            if (bytes > MAX_RESPONSE_BYTES && !page.isEmpty()) {
                break;
            }
            page.add(events.get(i));
        }
        return page;
    }

    /** Up to {@code limit} events ending before index {@code to}, within the byte limit, oldest first. */
    private static List<LogEvent> backwardPage(List<LogEvent> events, int to, int limit) {
        int from = to;
        long bytes = 0;
        while (from > 0 && to - from < limit) {
            bytes += events.get(from - 1).sizeBytes();
            if (bytes > MAX_RESPONSE_BYTES && from < to) {
                break;
            }
            from--;
        }
        return new ArrayList<>(events.subList(from, to));
    }

    /** The index of the first event after {@code position} in read order. */
    private static int firstAfter(List<LogEvent> events, Position position) {
        int i = 0;
        while (i < events.size() && position.compareTo(events.get(i)) >= 0) {
            i++;
        }
        return i;
    }

    /** The index of the first event at or after {@code position} in read order. */
    private static int firstAtOrAfter(List<LogEvent> events, Position position) {
        int i = 0;
        while (i < events.size() && position.compareTo(events.get(i)) > 0) {
            i++;
        }
        return i;
    }

    /** A place in read order (timestamp, then arrival) and a direction, written as a token. */
    record Position(boolean forward, long timestamp, long sequence) {

        static Position of(LogEvent event) {
            return new Position(true, event.timestamp(), event.sequence());
        }

        static Position parse(String token) {
            if (token.length() == 58 && (token.startsWith("f/") || token.startsWith("b/"))
                    && token.substring(2).chars().allMatch(Character::isDigit)) {
                try {
                    return new Position(token.charAt(0) == 'f', Long.parseLong(token.substring(2, 22)),
                            Long.parseLong(token.substring(22)));
                } catch (NumberFormatException tooLarge) {
                    // fall through to the refusal
                }
            }
            throw LogsService.invalidParameter("The specified nextToken is invalid. (given " + token + ")");
        }

        int compareTo(LogEvent event) {
            int byTime = Long.compare(timestamp, event.timestamp());
            return byTime != 0 ? byTime : Long.compare(sequence, event.sequence());
        }

        Position before() {
            return sequence > 0 ? new Position(forward, timestamp, sequence - 1)
                    : timestamp > 0 ? new Position(forward, timestamp - 1, 999_999_999_999_999_999L) : this;
        }

        Position after() {
            return new Position(forward, timestamp, sequence + 1);
        }

        String asForward() {
            return "f/" + digits();
        }

        String asBackward() {
            return "b/" + digits();
        }

        private String digits() {
            return String.format("%020d%036d", Math.max(0, timestamp), sequence);
        }
    }
}
