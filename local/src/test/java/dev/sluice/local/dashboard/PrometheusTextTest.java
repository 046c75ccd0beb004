package dev.sluice.local.dashboard;

import dev.sluice.local.dashboard.MetricFamily.Sample;
import dev.sluice.local.dashboard.MetricFamily.Type;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PrometheusTextTest {

    @Test
    void rendersHelpTypeAndSamplesThatParseBack() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("function", "fulfillOrder");
        labels.put("queue", "orders");
        String text = PrometheusText.render(List.of(
                new MetricFamily("sluice_queue_visible_messages", "Visible messages.", Type.GAUGE,
                        List.of(new Sample(Map.of("queue", "orders"), 42), new Sample(Map.of("queue", "audit"), 0))),
                new MetricFamily("sluice_mapping_invocations_total", "Invocations.", Type.COUNTER,
                        List.of(new Sample(labels, 1234)))));

        assertThat(text).isEqualTo("""
                # HELP sluice_queue_visible_messages Visible messages.
                # TYPE sluice_queue_visible_messages gauge
                sluice_queue_visible_messages{queue="orders"} 42
                sluice_queue_visible_messages{queue="audit"} 0
                # HELP sluice_mapping_invocations_total Invocations.
                # TYPE sluice_mapping_invocations_total counter
                sluice_mapping_invocations_total{function="fulfillOrder",queue="orders"} 1234
                """);
        Map<String, ExpositionParser.Family> parsed = ExpositionParser.parse(text);
        assertThat(parsed).containsOnlyKeys("sluice_queue_visible_messages", "sluice_mapping_invocations_total");
        assertThat(parsed.get("sluice_mapping_invocations_total").type()).isEqualTo("counter");
        assertThat(parsed.get("sluice_mapping_invocations_total").samples().get(0).labels()).isEqualTo(labels);
        assertThat(parsed.get("sluice_queue_visible_messages").samples())
                .extracting(ExpositionParser.Sample::value).containsExactly(42.0, 0.0);
    }

    @Test
    void escapesLabelValuesAndHelpSoTheyRoundTrip() {
        String awkward = "a \"quoted\" back\\slash\nnew line";
        String text = PrometheusText.render(List.of(new MetricFamily("m", "help with \\ and\nbreak", Type.GAUGE,
                List.of(new Sample(Map.of("queue", awkward), 1.5)))));

        assertThat(text).contains("m{queue=\"a \\\"quoted\\\" back\\\\slash\\nnew line\"} 1.5\n")
                .contains("# HELP m help with \\\\ and\\nbreak\n");
        ExpositionParser.Family family = ExpositionParser.parse(text).get("m");
        assertThat(family.help()).isEqualTo("help with \\ and\nbreak");
        assertThat(family.samples().get(0).labels()).containsEntry("queue", awkward);
        assertThat(family.samples().get(0).value()).isEqualTo(1.5);
    }

    @Test
    void writesSpecialValuesAsTheFormatSpellsThem() {
        assertThat(PrometheusText.value(Double.NaN)).isEqualTo("NaN");
        assertThat(PrometheusText.value(Double.POSITIVE_INFINITY)).isEqualTo("+Inf");
        assertThat(PrometheusText.value(Double.NEGATIVE_INFINITY)).isEqualTo("-Inf");
        assertThat(PrometheusText.value(3.0)).isEqualTo("3");
        assertThat(PrometheusText.value(0.25)).isEqualTo("0.25");
    }

    @Test
    void aFamilyWithoutSamplesStillDeclaresItself() {
        String text = PrometheusText.render(List.of(new MetricFamily("empty_total", "Nothing yet.", Type.COUNTER,
                List.of())));

        assertThat(ExpositionParser.parse(text).get("empty_total").samples()).isEmpty();
        assertThat(text).isEqualTo("# HELP empty_total Nothing yet.\n# TYPE empty_total counter\n");
    }

    @Test
    void rejectsWhatAScraperWouldRefuse() {
        assertThatThrownBy(() -> PrometheusText.render(List.of(new MetricFamily("bad-name", "h", Type.GAUGE,
                List.of())))).hasMessageContaining("metric name").hasMessageContaining("bad-name");
        assertThatThrownBy(() -> PrometheusText.render(List.of(new MetricFamily("m", "h", Type.GAUGE,
                List.of(new Sample(Map.of("__reserved", "x"), 1))))))
                .hasMessageContaining("label name of m").hasMessageContaining("__reserved");
        assertThatThrownBy(() -> PrometheusText.render(List.of(new MetricFamily("m", "h", Type.GAUGE,
                List.of(new Sample(Map.of("q", "x"), 1), new Sample(Map.of("q", "x"), 2))))))
                .hasMessageContaining("two samples");
        assertThatThrownBy(() -> PrometheusText.render(List.of(
                new MetricFamily("m", "h", Type.GAUGE, List.of()), new MetricFamily("m", "h", Type.GAUGE, List.of()))))
                .hasMessageContaining("listed twice");
    }
}
