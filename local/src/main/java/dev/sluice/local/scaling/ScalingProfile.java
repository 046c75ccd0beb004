package dev.sluice.local.scaling;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Which rule sizes a mapping. {@link #LOCAL} (the default) is Sluice's own autoscaler ({@link ScalingPolicy}), tuned
 * for a laptop; {@link #AWS} follows Lambda's documented standard-mode ramp ({@link AwsRamp}) and runs as many of
 * the batches AWS would run as the local cap allows.
 */
public enum ScalingProfile {
    LOCAL,
    AWS;

    /** {@code aws} or {@code local}, any case. */
    public static ScalingProfile parse(String text) {
        String name = text == null ? "" : text.strip().toUpperCase(Locale.ROOT);
        return Arrays.stream(values()).filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("scaling profile must be one of "
                        + Arrays.stream(values()).map(ScalingProfile::key).collect(Collectors.joining(", "))
                        + " (given '" + text + "')"));
    }

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
