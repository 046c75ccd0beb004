package dev.sluice.local.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.local.core.Json;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StatusMetricsTest {

    private static final ObjectMapper JSON = Json.MAPPER;

    /** Two mappings on one queue (one sample per queue), one on a queue without a DLQ, one idle function. */
    private static final String STATUS = """
            {"time":"2026-01-15T10:00:00Z",
             "mappings":[
               {"uuid":"u-1","functionName":"fulfillOrder","queue":"orders","queueUrl":"http://x/000000000000/orders",
                "visible":120,"inFlight":20,"deadLetterQueue":"orders-dlq","deadLetterDepth":3,
                "environments":{"running":4,"busy":4,"desired":14},"concurrency":20,"invocationsPerSecond":9.5,
                "errors":2,"batches":310,"records":3100,"throttledBatches":17,"scalingProfile":"aws",
                "awsConcurrency":305,"secondsPerBatch":1.02,"awsDrainSeconds":12.5,
                "decision":{"at":"2026-01-15T10:00:00Z","reason":"scale-up","explanation":"x","backlog":140,
                            "desired":14,"next":8}},
               {"uuid":"u-2","functionName":"auditOrder","queue":"orders","queueUrl":"http://x/000000000000/orders",
                "visible":120,"inFlight":20,"deadLetterQueue":"orders-dlq","deadLetterDepth":3,
                "environments":{"running":1,"busy":0,"desired":1},"concurrency":5,"invocationsPerSecond":0,
                "errors":0,"batches":7,"records":70},
               {"uuid":"u-3","functionName":"notify","queue":"notify \\"fast\\"","queueUrl":"http://x/000000000000/n",
                "visible":0,"inFlight":0,"deadLetterQueue":null,"deadLetterDepth":null,
                "environments":{"running":0,"busy":0,"desired":0},"concurrency":2,"invocationsPerSecond":0,
                "errors":0,"batches":0,"records":0}],
             "functions":[{"name":"fulfillOrder","environments":{"running":4,"busy":4}},
                          {"name":"auditOrder","environments":{"running":1,"busy":0}},
                          {"name":"notify","environments":{"running":0,"busy":0}},
                          {"name":"idle","environments":{"running":0,"busy":0}}]}
            """;

    @Test
    void everyFamilyTheDashboardPromisesParsesBackWithItsValues() throws Exception {
        String text = PrometheusText.render(StatusMetrics.from(JSON.readTree(STATUS)));
        Map<String, ExpositionParser.Family> metrics = ExpositionParser.parse(text);

        assertThat(metrics).containsKeys("sluice_queue_visible_messages", "sluice_queue_in_flight_messages",
                "sluice_queue_dead_letter_messages", "sluice_environments_running", "sluice_environments_desired",
                "sluice_mapping_invocations_total", "sluice_mapping_errors_total", "sluice_mapping_records_total");
        assertThat(value(metrics, "sluice_queue_visible_messages", Map.of("queue", "orders"))).isEqualTo(120);
        assertThat(value(metrics, "sluice_queue_visible_messages", Map.of("queue", "notify \"fast\""))).isEqualTo(0);
        assertThat(metrics.get("sluice_queue_visible_messages").samples()).hasSize(2);
        assertThat(value(metrics, "sluice_queue_in_flight_messages", Map.of("queue", "orders"))).isEqualTo(20);
        assertThat(value(metrics, "sluice_queue_dead_letter_messages",
                Map.of("queue", "orders", "dead_letter_queue", "orders-dlq"))).isEqualTo(3);
        assertThat(metrics.get("sluice_queue_dead_letter_messages").samples()).hasSize(1);
        assertThat(value(metrics, "sluice_environments_running", Map.of("function", "fulfillOrder"))).isEqualTo(4);
        assertThat(value(metrics, "sluice_environments_running", Map.of("function", "idle"))).isEqualTo(0);
        assertThat(value(metrics, "sluice_environments_desired", Map.of("function", "fulfillOrder", "mapping", "u-1")))
                .isEqualTo(14);
        Map<String, String> mapping = Map.of("function", "fulfillOrder", "mapping", "u-1", "queue", "orders");
        assertThat(value(metrics, "sluice_mapping_invocations_total", mapping)).isEqualTo(310);
        assertThat(value(metrics, "sluice_mapping_errors_total", mapping)).isEqualTo(2);
        assertThat(value(metrics, "sluice_mapping_records_total", mapping)).isEqualTo(3100);
        assertThat(value(metrics, "sluice_mapping_throttled_batches_total", mapping)).isEqualTo(17);
        assertThat(metrics.get("sluice_mapping_throttled_batches_total").type()).isEqualTo("counter");
        assertThat(metrics.get("sluice_mapping_records_total").type()).isEqualTo("counter");
        assertThat(value(metrics, "sluice_mapping_aws_concurrency", mapping)).isEqualTo(305);
        assertThat(value(metrics, "sluice_mapping_aws_drain_seconds", mapping)).isEqualTo(12.5);
        assertThat(metrics.get("sluice_mapping_aws_drain_seconds").samples()).hasSize(1);
        assertThat(metrics.get("sluice_environments_running").type()).isEqualTo("gauge");
    }

    @Test
    void anEmptyCloudStillDeclaresEveryFamily() throws Exception {
        String text = PrometheusText.render(StatusMetrics.from(JSON.readTree("{\"mappings\":[],\"functions\":[]}")));

        assertThat(ExpositionParser.parse(text)).hasSize(13)
                .allSatisfy((name, family) -> assertThat(family.samples()).isEmpty());
    }

    @Test
    void eachFaultCountsItsInjections() throws Exception {
        String text = PrometheusText.render(StatusMetrics.from(JSON.readTree("""
                {"mappings":[],"functions":[],
                 "faults":[{"id":"fault-1","function":"checkout","action":"error","errorType":"E","probability":0.5,
                            "matched":10,"injected":4},
                           {"id":"fault-2","service":"sqs","operation":"SendMessage","action":"error",
                            "errorType":"ServiceUnavailable","status":503,"probability":1,"matched":2,"injected":2}]}
                """)));
        Map<String, ExpositionParser.Family> metrics = ExpositionParser.parse(text);

        assertThat(metrics.get("sluice_fault_injections_total").type()).isEqualTo("counter");
        assertThat(value(metrics, "sluice_fault_injections_total",
                Map.of("fault", "fault-1", "target", "checkout", "action", "error"))).isEqualTo(4);
        assertThat(value(metrics, "sluice_fault_injections_total",
                Map.of("fault", "fault-2", "target", "sqs:SendMessage", "action", "error"))).isEqualTo(2);
    }

    @Test
    void refusesADocumentThatIsNotAnObject() throws Exception {
        assertThatThrownBy(() -> StatusMetrics.from(JSON.readTree("[]"))).hasMessageContaining("status must be");
    }

    private static double value(Map<String, ExpositionParser.Family> metrics, String name, Map<String, String> labels) {
        return metrics.get(name).samples().stream()
                .filter(sample -> sample.labels().equals(labels))
                .findFirst().orElseThrow(() -> new AssertionError(name + " has no sample " + labels))
                .value();
    }
}
