package dev.sluice.local.lambda.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.local.core.Json;
import dev.sluice.local.lambda.eventsource.EventSourceMappingConfig;

/** The JSON shape of an event source mapping (EventSourceMappingConfiguration). */
final class EventSourceMappingJson {

    private EventSourceMappingJson() {
    }

    /** {@code stateOverride} reports a transition (Creating, Deleting) instead of Enabled/Disabled. */
    static ObjectNode of(EventSourceMappingConfig config, String stateOverride) {
        ObjectNode json = Json.object();
        json.put("UUID", config.uuid());
        json.put("BatchSize", config.batchSize());
        json.put("MaximumBatchingWindowInSeconds", config.batchingWindowSeconds());
        json.put("EventSourceArn", config.eventSourceArn());
        json.put("FunctionArn", config.functionArn());
        json.put("LastModified", config.lastModified().toEpochMilli() / 1000.0);
        json.put("State", stateOverride != null ? stateOverride : config.enabled() ? "Enabled" : "Disabled");
        json.put("StateTransitionReason", "USER_INITIATED");
        ArrayNode types = json.putArray("FunctionResponseTypes");
        if (config.reportBatchItemFailures()) {
            types.add("ReportBatchItemFailures");
        }
        if (config.maximumConcurrency() != null) {
            json.putObject("ScalingConfig").put("MaximumConcurrency", config.maximumConcurrency());
        }
        if (config.provisionedPollers() != null) {
            json.putObject("ProvisionedPollerConfig")
                    .put("MinimumPollers", config.provisionedPollers().minimumPollers())
                    .put("MaximumPollers", config.provisionedPollers().maximumPollers());
        }
        return json;
    }
}
