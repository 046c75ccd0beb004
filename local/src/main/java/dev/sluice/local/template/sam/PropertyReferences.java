package dev.sluice.local.template.sam;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rewrites SAM's {@code LogicalId.Property} references to the resources SAM generated for them, as
 * aws-sam-translator's {@code resolve_sam_resource_refs} does: {@code !Ref MyFunction.Alias} becomes
 * {@code !Ref MyFunctionAliaslive}, {@code !GetAtt MyFunction.Alias.Name} becomes
 * {@code !GetAtt MyFunctionAliaslive.Name}, {@code ${MyFunction.Version}} in a Sub becomes
 * {@code ${MyFunctionVersion1a2b3c4d5e}}. Unknown ones stay as written.
 */
final class PropertyReferences {

    private static final Pattern SUB_REFERENCE = Pattern.compile("\\$\\{([A-Za-z0-9.]+|AWS::[A-Z][A-Za-z]*)}");

    private final Map<String, Map<String, String>> references;

    PropertyReferences(Map<String, Map<String, String>> references) {
        this.references = references;
    }

    Object rewrite(Object value) {
        if (references.isEmpty()) {
            return value;
        }
        if (value instanceof Map<?, ?> map) {
            if (map.size() == 1 && map.get("Ref") instanceof String name) {
                String resolved = resolve(name);
                return resolved == null ? value : TemplateValues.ref(resolved);
            }
            if (map.size() == 1 && map.containsKey("Fn::GetAtt")) {
                return getAtt(map.get("Fn::GetAtt"));
            }
            if (map.size() == 1 && map.containsKey("Fn::Sub")) {
                Object args = map.get("Fn::Sub");
                if (args instanceof String text) {
                    return TemplateValues.object("Fn::Sub", sub(text));
                }
                if (args instanceof List<?> list && !list.isEmpty() && list.get(0) instanceof String text) {
                    List<Object> copy = new ArrayList<>();
                    copy.add(sub(text));
                    for (int i = 1; i < list.size(); i++) {
                        copy.add(rewrite(list.get(i)));
                    }
                    return TemplateValues.object("Fn::Sub", copy);
                }
            }
            Map<String, Object> rewritten = new LinkedHashMap<>();
            map.forEach((k, v) -> rewritten.put(String.valueOf(k), rewrite(v)));
            return rewritten;
        }
        if (value instanceof List<?> list) {
            List<Object> rewritten = new ArrayList<>();
            list.forEach(v -> rewritten.add(rewrite(v)));
            return rewritten;
        }
        return value;
    }

    /** {@code LogicalId.Property} -> the generated logical id, or null. */
    private String resolve(String dotted) {
        int dot = dotted.indexOf('.');
        if (dot <= 0 || dot == dotted.length() - 1) {
            return null;
        }
        Map<String, String> properties = references.get(dotted.substring(0, dot));
        return properties == null ? null : properties.get(dotted.substring(dot + 1));
    }

    /** GetAtt's first element may be {@code LogicalId.Property}, or (short form) the second may start with it. */
    private Object getAtt(Object args) {
        if (!(args instanceof List<?> list) || list.size() < 2 || !list.stream().allMatch(String.class::isInstance)) {
            return TemplateValues.object("Fn::GetAtt", rewrite(args));
        }
        String joined = String.join(".", list.stream().map(String::valueOf).toList());
        String[] parts = joined.split("\\.");
        if (parts.length >= 3) {
            String resolved = resolve(parts[0] + "." + parts[1]);
            if (resolved != null) {
                String attribute = joined.substring(parts[0].length() + parts[1].length() + 2);
                return TemplateValues.object("Fn::GetAtt", new ArrayList<>(List.of(resolved, attribute)));
            }
        }
        return TemplateValues.object("Fn::GetAtt", args);
    }

    private String sub(String text) {
        Matcher matcher = SUB_REFERENCE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String name = matcher.group(1);
            String[] parts = name.split("\\.");
            String replacement = matcher.group(0);
            if (parts.length >= 2) {
                String resolved = resolve(parts[0] + "." + parts[1]);
                if (resolved != null) {
                    replacement = "${" + resolved + name.substring(parts[0].length() + parts[1].length() + 1) + "}";
                }
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(out);
        return out.toString();
    }
}
