package dev.sluice.local.template.sam;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One type of a SAM function's {@code Events} entry, turned into the resources SAM generates for it (as
 * aws-sam-translator's {@code samtranslator/model/eventsources/}). The generated resources' logical ids start with
 * the function's id and the event's name ({@code <Function><Event>}).
 */
abstract class EventSource {

    private static final Map<String, EventSource> TYPES = new LinkedHashMap<>();

    static {
        TYPES.put("SQS", new SqsEvent());
        TYPES.put("EventBridgeRule", new EventBridgeRuleEvent());
        TYPES.put("CloudWatchEvent", new EventBridgeRuleEvent());
        TYPES.put("Schedule", new ScheduleEvent());
        TYPES.put("ScheduleV2", new ScheduleV2Event());
        NotEmulatedEvent.TYPES.forEach(type -> TYPES.put(type, new NotEmulatedEvent()));
    }

    /** The event types the local cloud runs. */
    static final Set<String> EMULATED = Set.of("SQS", "EventBridgeRule", "CloudWatchEvent", "Schedule");

    static EventSource of(String type) {
        EventSource source = TYPES.get(type);
        if (source == null) {
            return new NotEmulatedEvent();
        }
        return source;
    }

    /**
     * Adds the resources of one event.
     *
     * @param name       the event's key under Events
     * @param properties its Properties (a copy: may be changed)
     */
    abstract void toCloudFormation(SamFunction function, String name, String type, Map<String, Object> properties);

    /** Rejects properties the event type does not have and missing required ones, as SAM does. */
    static void check(SamFunction function, String name, String type, Map<String, Object> properties,
                      List<String> known, List<String> required) {
        for (String property : properties.keySet()) {
            if (!known.contains(property)) {
                throw function.invalid("Event with id [" + name + "] is invalid. property " + property
                        + " not defined for resource of type " + type);
            }
        }
        for (String property : required) {
            if (properties.get(property) == null) {
                throw function.invalid("Event with id [" + name + "] is invalid. Missing required property '"
                        + property + "'.");
            }
        }
    }

    /** Lambda's resource policy entry for a push source: {@code <Function><Event>Permission}. */
    static Map<String, Object> permission(SamFunction function, String principal, Object sourceArn) {
        return TemplateValues.object("Action", "lambda:InvokeFunction", "FunctionName", function.functionName(),
                "Principal", principal, "SourceArn", sourceArn);
    }
}
