package dev.sluice.local.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Clock;

/** CreateEventBus, DeleteEventBus, DescribeEventBus, ListEventBuses. */
final class BusActions {

    private final EventBuses buses;
    private final ObjectMapper json;
    private final Clock clock;

    BusActions(EventBuses buses, ObjectMapper json, Clock clock) {
        this.buses = buses;
        this.json = json;
        this.clock = clock;
    }

    JsonNode createEventBus(JsonNode request) throws EventsException {
        String name = Fields.required(request, "Name");
        Fields.checkName("Name", name, 256, "/");
        if (Fields.optional(request, "EventSourceName") != null) {
            throw EventsException.invalid("EventSourceName (partner event buses) is not supported locally");
        }
        EventBuses.Bus bus = buses.createBus(name, clock.instant());
        buses.tag(bus.arn, TagActions.parseTags(request.get("Tags")));
        return json.createObjectNode().put("EventBusArn", bus.arn);
    }

    JsonNode deleteEventBus(JsonNode request) throws EventsException {
        buses.deleteBus(EventBuses.busName(Fields.required(request, "Name")));
        return json.createObjectNode();
    }

    JsonNode describeEventBus(JsonNode request) throws EventsException {
        EventBuses.Bus bus = buses.bus(EventBuses.busName(Fields.optional(request, "Name")));
        return describe(bus);
    }

    JsonNode listEventBuses(JsonNode request) throws EventsException {
        Page<EventBuses.Bus> page = Page.of(buses.buses(Fields.optional(request, "NamePrefix")), request);
        ObjectNode response = json.createObjectNode();
        ArrayNode list = response.putArray("EventBuses");
        page.items().forEach(bus -> list.add(describe(bus)));
        page.putToken(response);
        return response;
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
