package dev.sluice.local.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.local.edge.AwsError;
import dev.sluice.local.edge.RequestFields;

import java.time.Clock;
import java.util.Map;

/** CreateEventBus, DeleteEventBus, DescribeEventBus, ListEventBuses. */
record BusActions(EventBuses buses, ObjectMapper json, Clock clock) {

    /** Bus names: 1-256 of these characters. */
    static final String NAME_CHARACTERS = "\\.\\-_A-Za-z0-9/";

    JsonNode createEventBus(RequestFields request) {
        String name = request.name("Name", 256, NAME_CHARACTERS, true);
        String partnerSource = request.text("EventSourceName");
        Map<String, String> tags = TagActions.parseTags(request);
        request.check();
        if (partnerSource != null) {
            throw AwsError.validation("EventSourceName (partner event buses) is not supported locally");
        }
        EventBuses.Bus bus = buses.createBus(name, clock.instant());
        buses.tag(bus.arn, tags);
        return json.createObjectNode().put("EventBusArn", bus.arn);
    }

    JsonNode deleteEventBus(RequestFields request) {
        String name = request.requiredText("Name");
        request.check();
        buses.deleteBus(EventBuses.busName(name));
        return json.createObjectNode();
    }

    JsonNode describeEventBus(RequestFields request) {
        String name = request.text("Name");
        request.check();
        return describe(buses.bus(EventBuses.busName(name)));
    }

    JsonNode listEventBuses(RequestFields request) {
        String prefix = request.text("NamePrefix");
        return Page.of(buses.buses(prefix), request, "EventBuses", this::describe);
    }

    private ObjectNode describe(EventBuses.Bus bus) {
        ObjectNode node = json.createObjectNode();
        node.put("Name", bus.name);
        node.put("Arn", bus.arn);
        node.put("CreationTime", bus.created.getEpochSecond());
        node.put("LastModifiedTime", bus.created.getEpochSecond());
        return node;
    }
}
