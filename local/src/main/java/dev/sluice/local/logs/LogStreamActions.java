package dev.sluice.local.logs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.local.core.Json;
import dev.sluice.local.edge.ListPage;
import dev.sluice.local.edge.RequestFields;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** CreateLogStream, DeleteLogStream, DescribeLogStreams. */
record LogStreamActions(LogStore store) {

    /** Log stream names: 1-512 characters, no colon or asterisk. */
    static final String STREAM_NAME_CHARACTERS = "^:*";
    static final int STREAM_NAME_MAX = 512;

    JsonNode createLogStream(RequestFields request) {
        String group = request.name("logGroupName", LogGroupActions.GROUP_NAME_MAX,
                LogGroupActions.GROUP_NAME_CHARACTERS, true);
        String stream = streamName(request);
        request.check();
        if (!LogGroupActions.existingGroup(store, group).createStream(stream, store.now())) {
            throw LogsService.alreadyExists("The specified log stream already exists");
        }
        return Json.object();
    }

    JsonNode deleteLogStream(RequestFields request) {
        String group = request.name("logGroupName", LogGroupActions.GROUP_NAME_MAX,
                LogGroupActions.GROUP_NAME_CHARACTERS, true);
        String stream = streamName(request);
        request.check();
        if (!LogGroupActions.existingGroup(store, group).deleteStream(stream)) {
            throw LogsService.notFound("The specified log stream does not exist.");
        }
        return Json.object();
    }

    JsonNode describeLogStreams(RequestFields request) {
        String groupName = LogGroupActions.requestedGroup(request);
        String prefix = request.text("logStreamNamePrefix");
        String orderBy = request.text("orderBy");
        boolean descending = request.bool("descending", false);
        Integer limit = request.integer("limit", 1, 50, 50);
        String token = request.text("nextToken");
        if (orderBy != null && !orderBy.equals("LogStreamName") && !orderBy.equals("LastEventTime")) {
            request.violation("orderBy", orderBy, "Member must satisfy enum value set: [LogStreamName, LastEventTime]");
        }
        request.check();
        boolean byTime = "LastEventTime".equals(orderBy);
        if (byTime && prefix != null) {
            throw LogsService.invalidParameter("Cannot order by LastEventTime with a logStreamNamePrefix.");
        }
        List<LogStreamSummary> streams = new ArrayList<>(LogGroupActions.existingGroup(store, groupName).streams());
        streams.removeIf(stream -> prefix != null && !stream.name().startsWith(prefix));
        Comparator<LogStreamSummary> order = byTime
                ? Comparator.comparing((LogStreamSummary s) -> s.lastEventTimestamp() == null ? 0L : s.lastEventTimestamp())
                        .thenComparing(LogStreamSummary::name)
                : Comparator.comparing(LogStreamSummary::name);
        streams.sort(descending ? order.reversed() : order);
        return ListPage.of(streams, limit, token).toJson("logStreams", "nextToken", LogStreamActions::describe);
    }

    static String streamName(RequestFields request) {
        return request.name("logStreamName", STREAM_NAME_MAX, STREAM_NAME_CHARACTERS, true);
    }

    private static ObjectNode describe(LogStreamSummary stream) {
        ObjectNode node = Json.object();
        node.put("logStreamName", stream.name());
        node.put("creationTime", stream.creationTime());
        if (stream.firstEventTimestamp() != null) {
            node.put("firstEventTimestamp", stream.firstEventTimestamp());
            node.put("lastEventTimestamp", stream.lastEventTimestamp());
            node.put("lastIngestionTime", stream.lastIngestionTime());
        }
        node.put("uploadSequenceToken", "1");
        node.put("arn", stream.arn());
        node.put("storedBytes", stream.storedBytes());
        return node;
    }
}
