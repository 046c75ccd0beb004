package dev.sluice.local.scaling;

import java.util.LinkedHashMap;
import java.util.Map;

/** Scaling settings written as the CLI's {@code --scaling} takes them: {@code key=value}, in order. */
final class ScalingFlags {

    private ScalingFlags() {
    }

    /** {@code line}: {@code key=value} pairs apart by spaces; blank for none. */
    static Map<String, String> parse(String line) {
        return line.isBlank() ? Map.of() : of(line.trim().split("\\s+"));
    }

    static Map<String, String> of(String... keyValues) {
        Map<String, String> flags = new LinkedHashMap<>();
        for (String keyValue : keyValues) {
            int equals = keyValue.indexOf('=');
            if (equals < 1) {
                throw new IllegalArgumentException("not key=value: " + keyValue);
            }
            flags.put(keyValue.substring(0, equals), keyValue.substring(equals + 1));
        }
        return flags;
    }
}
