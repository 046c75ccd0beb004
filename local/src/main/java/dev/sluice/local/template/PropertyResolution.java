package dev.sluice.local.template;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Resolves a resource's properties when some of them may refer to skipped resources. A reference to a skipped
 * resource has no value, so what holds it is left out when the resource can run without it (an environment variable,
 * one target of a rule, one destination, a property the local cloud ignores anyway, anything on a resource that is
 * not enforced), with a note naming the reference; otherwise the {@link SkippedReference} propagates and the resource
 * is skipped too.
 */
final class PropertyResolution {

    /** How a property splits into parts that are left out one by one. */
    private enum Parts { MAP_ENTRIES, LIST_ELEMENTS, VARIABLES }

    private static final Map<String, Map<String, Parts>> PARTS = Map.of(
            "AWS::Lambda::Function", Map.of("Environment", Parts.VARIABLES),
            "AWS::Events::Rule", Map.of("Targets", Parts.LIST_ELEMENTS),
            "AWS::Lambda::EventInvokeConfig", Map.of("DestinationConfig", Parts.MAP_ENTRIES));

    /**
     * @param properties the resolved properties
     * @param notes      one line per part left out
     */
    record Resolved(Object properties, List<String> notes) {
    }

    private PropertyResolution() {
    }

    static Resolved resolve(IntrinsicResolver resolver, String logicalId, String type, Object raw,
                            boolean notEnforced) {
        String where = "Resources." + logicalId + ".Properties";
        if (!(raw instanceof Map<?, ?> map) || map.size() == 1 && isIntrinsic(map)) {
            return new Resolved(resolver.resolve(raw, where), List.of());
        }
        List<String> notes = new ArrayList<>();
        Map<String, Object> resolved = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            String name = String.valueOf(entry.getKey());
            String at = where + "." + name;
            Object value;
            try {
                value = resolver.resolve(entry.getValue(), at);
            } catch (SkippedReference e) {
                Parts parts = PARTS.getOrDefault(type, Map.of()).get(name);
                if (notEnforced || !EmulatedProperties.matters(type, name)) {
                    notes.add(e.describe(logicalId + "." + name) + ": left out");
                    continue;
                }
                if (parts == null) {
                    throw e;
                }
                value = resolveParts(resolver, parts, entry.getValue(), logicalId + "." + name, at, notes);
            }
            if (value != StackScope.NO_VALUE) {
                resolved.put(name, value);
            }
        }
        return new Resolved(resolved, notes);
    }

    private static Object resolveParts(IntrinsicResolver resolver, Parts parts, Object value, String name,
                                       String where, List<String> notes) {
        if (parts == Parts.VARIABLES && value instanceof Map<?, ?> environment) {
            Map<String, Object> resolved = new LinkedHashMap<>();
            for (Map.Entry<?, ?> entry : environment.entrySet()) {
                String key = String.valueOf(entry.getKey());
                resolved.put(key, key.equals("Variables")
                        ? resolveParts(resolver, Parts.MAP_ENTRIES, entry.getValue(), name + ".Variables",
                        where + ".Variables", notes)
                        : resolver.resolve(entry.getValue(), where + "." + key));
            }
            return resolved;
        }
        if (parts == Parts.MAP_ENTRIES && value instanceof Map<?, ?> map && !isIntrinsic(map)) {
            Map<String, Object> resolved = new LinkedHashMap<>();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                String key = String.valueOf(entry.getKey());
                try {
                    Object v = resolver.resolve(entry.getValue(), where + "." + key);
                    if (v != StackScope.NO_VALUE) {
                        resolved.put(key, v);
                    }
                } catch (SkippedReference e) {
                    notes.add(e.describe(name + "." + key) + ": left out");
                }
            }
            return resolved;
        }
        if (parts == Parts.LIST_ELEMENTS && value instanceof List<?> list) {
            List<Object> resolved = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                try {
                    Object v = resolver.resolve(list.get(i), where + "[" + i + "]");
                    if (v != StackScope.NO_VALUE) {
                        resolved.add(v);
                    }
                } catch (SkippedReference e) {
                    notes.add(e.describe(name + "[" + i + "]") + ": left out");
                }
            }
            return resolved;
        }
        return resolver.resolve(value, where);
    }

    private static boolean isIntrinsic(Map<?, ?> map) {
        if (map.size() != 1) {
            return false;
        }
        String key = String.valueOf(map.keySet().iterator().next());
        return key.equals("Ref") || key.startsWith("Fn::");
    }
}
