package dev.sluice.local.dashboard;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Renders metric families in the Prometheus text exposition format 0.0.4: a {@code # HELP} and a {@code # TYPE} line
 * per family, then one line per sample, each ending in a line feed.
 */
public final class PrometheusText {

    /** The content type scrapers expect for this format. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    private PrometheusText() {
    }

    /**
     * The exposition text of {@code families}; rejects invalid metric or label names, a family named twice and a
     * label set repeated within a family (a scraper would refuse the whole page).
     */
    public static String render(List<MetricFamily> families) {
        StringBuilder out = new StringBuilder();
        Set<String> names = new HashSet<>();
        for (MetricFamily family : families) {
            if (!METRIC_NAME.matcher(family.name()).matches()) {
                throw new IllegalArgumentException("metric name must match " + METRIC_NAME + " (given " + family.name() + ")");
            }
            if (!names.add(family.name())) {
                throw new IllegalArgumentException("metric " + family.name() + " is listed twice");
            }
            out.append("# HELP ").append(family.name()).append(' ').append(escapeHelp(family.help())).append('\n');
            out.append("# TYPE ").append(family.name()).append(' ').append(family.type().word()).append('\n');
            Set<Map<String, String>> labelSets = new HashSet<>();
            for (MetricFamily.Sample sample : family.samples()) {
                if (!labelSets.add(sample.labels())) {
                    throw new IllegalArgumentException("metric " + family.name() + " has two samples labelled "
                            + sample.labels());
                }
                out.append(family.name());
                appendLabels(out, family.name(), sample.labels());
                out.append(' ').append(value(sample.value())).append('\n');
            }
        }
        return out.toString();
    }

    private static void appendLabels(StringBuilder out, String metric, Map<String, String> labels) {
        if (labels.isEmpty()) {
            return;
        }
        out.append('{');
        boolean first = true;
        for (Map.Entry<String, String> label : labels.entrySet()) {
            if (!LABEL_NAME.matcher(label.getKey()).matches() || label.getKey().startsWith("__")) {
                throw new IllegalArgumentException("label name of " + metric + " must match " + LABEL_NAME
                        + " and not start with __ (given " + label.getKey() + ")");
            }
            if (!first) {
                out.append(',');
            }
            first = false;
            out.append(label.getKey()).append("=\"").append(escapeLabelValue(String.valueOf(label.getValue())))
                    .append('"');
        }
        out.append('}');
    }

    static String value(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "+Inf" : "-Inf";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return Double.toString(value);
    }

    private static String escapeHelp(String help) {
        return help.replace("\\", "\\\\").replace("\n", "\\n");
    }

    private static String escapeLabelValue(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
