package dev.sluice.local.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.local.dashboard.MetricFamily.Sample;
import dev.sluice.local.dashboard.MetricFamily.Type;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the local cloud's status document ({@code GET /_sluice/status}) into Prometheus metric families: queue depths
 * per queue, environments per function, desired environments and counters per event source mapping, injections per
 * fault.
 *
 * <p>A value missing from the document gives no sample (rather than a misleading zero); a queue read by several
 * mappings gives one sample per queue.
 */
public final class StatusMetrics {

    private StatusMetrics() {
    }

    public static List<MetricFamily> from(JsonNode status) {
        if (status == null || !status.isObject()) {
            throw new IllegalArgumentException("status must be a JSON object with mappings and functions");
        }
        Map<String, Map<String, String>> queues = new LinkedHashMap<>();
        List<Sample> visible = new ArrayList<>();
        List<Sample> inFlight = new ArrayList<>();
        List<Sample> deadLetter = new ArrayList<>();
        List<Sample> desired = new ArrayList<>();
        List<Sample> invocations = new ArrayList<>();
        List<Sample> errors = new ArrayList<>();
        List<Sample> records = new ArrayList<>();
        List<Sample> throttled = new ArrayList<>();
        List<Sample> awsConcurrency = new ArrayList<>();
        List<Sample> awsDrain = new ArrayList<>();
        for (JsonNode mapping : status.path("mappings")) {
            String queue = mapping.path("queue").asText("");
            Map<String, String> queueLabels = Map.of("queue", queue);
            if (queues.putIfAbsent(queue, queueLabels) == null) {
                add(visible, queueLabels, mapping.get("visible"));
                add(inFlight, queueLabels, mapping.get("inFlight"));
                JsonNode deadLetterQueue = mapping.get("deadLetterQueue");
                if (deadLetterQueue != null && deadLetterQueue.isTextual()) {
                    add(deadLetter, labels("queue", queue, "dead_letter_queue", deadLetterQueue.asText()),
                            mapping.get("deadLetterDepth"));
                }
            }
            String function = mapping.path("functionName").asText("");
            String uuid = mapping.path("uuid").asText("");
            add(desired, labels("function", function, "mapping", uuid), mapping.path("environments").get("desired"));
            Map<String, String> mappingLabels = labels("function", function, "mapping", uuid, "queue", queue);
            add(invocations, mappingLabels, mapping.get("batches"));
            add(errors, mappingLabels, mapping.get("errors"));
            add(records, mappingLabels, mapping.get("records"));
            add(throttled, mappingLabels, mapping.get("throttledBatches"));
            add(awsConcurrency, mappingLabels, mapping.get("awsConcurrency"));
            add(awsDrain, mappingLabels, mapping.get("awsDrainSeconds"));
        }
        List<Sample> running = new ArrayList<>();
        List<Sample> busy = new ArrayList<>();
        for (JsonNode function : status.path("functions")) {
            Map<String, String> functionLabels = Map.of("function", function.path("name").asText(""));
            add(running, functionLabels, function.path("environments").get("running"));
            add(busy, functionLabels, function.path("environments").get("busy"));
        }
        List<Sample> faults = new ArrayList<>();
        for (JsonNode fault : status.path("faults")) {
            String target = fault.hasNonNull("function") ? fault.path("function").asText()
                    : fault.path("service").asText("") + ":" + fault.path("operation").asText("");
            add(faults, labels("fault", fault.path("id").asText(""), "target", target,
                    "action", fault.path("action").asText("")), fault.get("injected"));
        }
        return List.of(
                new MetricFamily("sluice_queue_visible_messages",
                        "Messages available for retrieval (ApproximateNumberOfMessages) in a mapped queue.",
                        Type.GAUGE, visible),
                new MetricFamily("sluice_queue_in_flight_messages",
                        "Messages received but not yet deleted (ApproximateNumberOfMessagesNotVisible).",
                        Type.GAUGE, inFlight),
                new MetricFamily("sluice_queue_dead_letter_messages",
                        "Messages in the dead-letter queue of a mapped queue.", Type.GAUGE, deadLetter),
                new MetricFamily("sluice_environments_running",
                        "Execution environments (function JVMs) running for a function.", Type.GAUGE, running),
                new MetricFamily("sluice_environments_busy",
                        "Execution environments handling an invocation right now.", Type.GAUGE, busy),
                new MetricFamily("sluice_environments_desired",
                        "Environments the autoscaler wants for an event source mapping (from its backlog).",
                        Type.GAUGE, desired),
                new MetricFamily("sluice_mapping_invocations_total",
                        "Function invocations (one per batch) made by an event source mapping.", Type.COUNTER,
                        invocations),
                new MetricFamily("sluice_mapping_errors_total",
                        "Errors of an event source mapping's invocations.", Type.COUNTER, errors),
                new MetricFamily("sluice_mapping_records_total",
                        "Records handed to the function by an event source mapping.", Type.COUNTER, records),
                new MetricFamily("sluice_mapping_throttled_batches_total",
                        "Batches of an event source mapping whose invoke was throttled (reserved concurrency"
                                + " exhausted): their records return to the queue with their receive count raised.",
                        Type.COUNTER, throttled),
                new MetricFamily("sluice_fault_injections_total",
                        "Invocations or API calls a fault declared with sluice chaos changed.", Type.COUNTER, faults),
                new MetricFamily("sluice_mapping_aws_concurrency",
                        "Concurrent batches AWS would run for a mapping under the aws scaling profile (Lambda's ramp).",
                        Type.GAUGE, awsConcurrency),
                new MetricFamily("sluice_mapping_aws_drain_seconds",
                        "Projected seconds for the mapping's backlog to drain on AWS (docs/SCALING.md).",
                        Type.GAUGE, awsDrain));
    }

    private static void add(List<Sample> samples, Map<String, String> labels, JsonNode value) {
        if (value != null && value.isNumber()) {
            samples.add(new Sample(labels, value.asDouble()));
        }
    }

    private static Map<String, String> labels(String... namesAndValues) {
        Map<String, String> labels = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            labels.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return labels;
    }
}
