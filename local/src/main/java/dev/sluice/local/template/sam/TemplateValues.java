package dev.sluice.local.template.sam;

import dev.sluice.local.template.TemplateException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reading and building the plain maps, lists and scalars a parsed template is made of. */
final class TemplateValues {

    private TemplateValues() {
    }

    /** The object at {@code where}, or an empty map when absent. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value, String where) {
        if (value == null) {
            return new LinkedHashMap<>();
        }
        if (!(value instanceof Map<?, ?>)) {
            throw new TemplateException(where + " must be an object, got " + TemplateException.describe(value));
        }
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object value, String where) {
        if (value == null) {
            return new ArrayList<>();
        }
        if (!(value instanceof List<?>)) {
            throw new TemplateException(where + " must be a list, got " + TemplateException.describe(value));
        }
        return (List<Object>) value;
    }

    static String string(Object value, String where) {
        if (value == null || value instanceof String) {
            return (String) value;
        }
        if (value instanceof Number || value instanceof Boolean) {
            return String.valueOf(value);
        }
        throw new TemplateException(where + " must be a string, got " + TemplateException.describe(value));
    }

    /** A deep copy of maps and lists (scalars are shared: they are immutable). */
    @SuppressWarnings("unchecked")
    static <T> T copy(T value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(String.valueOf(k), copy(v)));
            return (T) copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>();
            list.forEach(v -> copy.add(copy(v)));
            return (T) copy;
        }
        return value;
    }

    /** True for {@code {"Ref": ...}} and {@code {"Fn::...": ...}}: a value CloudFormation computes. */
    static boolean isIntrinsic(Object value) {
        if (value instanceof Map<?, ?> map && map.size() == 1) {
            String key = String.valueOf(map.keySet().iterator().next());
            return key.equals("Ref") || key.equals("Condition") || key.startsWith("Fn::");
        }
        return false;
    }

    static Map<String, Object> ref(String logicalId) {
        return object("Ref", logicalId);
    }

    static Map<String, Object> getAtt(String logicalId, String attribute) {
        return object("Fn::GetAtt", new ArrayList<>(List.of(logicalId, attribute)));
    }

    /** A mutable map of the given pairs, in order; pairs whose value is null are left out. */
    static Map<String, Object> object(Object... pairs) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i + 1] != null) {
                map.put((String) pairs[i], pairs[i + 1]);
            }
        }
        return map;
    }
}
