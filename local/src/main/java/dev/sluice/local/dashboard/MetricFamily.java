package dev.sluice.local.dashboard;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One metric of the Prometheus text exposition format: a name, its help text and type, and one sample per label set.
 *
 * @param name    metric name, {@code [a-zA-Z_:][a-zA-Z0-9_:]*}; counters end in {@code _total}
 * @param help    one line of help (backslashes and newlines are escaped when rendered)
 * @param type    gauge or counter
 * @param samples the samples, in the order they are rendered
 */
public record MetricFamily(String name, String help, Type type, List<Sample> samples) {

    public enum Type {
        GAUGE, COUNTER;

        /** The word the exposition format uses on the {@code # TYPE} line. */
        public String word() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** One value of the metric for one set of labels (label order is kept). */
    public record Sample(Map<String, String> labels, double value) {
        public Sample {
            labels = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(labels, "labels")));
        }
    }

    public MetricFamily {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(help, "help");
        Objects.requireNonNull(type, "type");
        samples = List.copyOf(samples);
    }
}
