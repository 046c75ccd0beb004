package dev.sluice.local.template.sam;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The values SAM itself substitutes while transforming (aws-sam-translator's {@code resolve_parameter_refs}):
 * {@code Ref} to a parameter or to {@code AWS::Region} / {@code AWS::Partition}, and the same names inside
 * {@code Fn::Sub}. Everything else stays for CloudFormation (here: the deployer) to resolve. SAM only resolves where
 * it needs a value at transform time: AutoPublishAlias, the code location hashed into a version's id, Tracing,
 * EventInvokeConfig.
 */
final class ParameterValues {

    private static final Pattern SUB_REFERENCE = Pattern.compile("\\$\\{([A-Za-z0-9.]+|AWS::[A-Z][A-Za-z]*)}");

    private final Map<String, Object> values;

    private ParameterValues(Map<String, Object> values) {
        this.values = values;
    }

    /** The template's Parameters defaults, replaced by {@code overrides}, plus the region's pseudo parameters. */
    static ParameterValues of(Map<String, Object> template, Map<String, String> overrides, String region) {
        Map<String, Object> values = new LinkedHashMap<>(overrides);
        TemplateValues.map(template.get("Parameters"), "Parameters").forEach((name, declaration) -> {
            if (!values.containsKey(name) && declaration instanceof Map<?, ?> d && d.containsKey("Default")) {
                values.put(name, d.get("Default"));
            }
        });
        values.putIfAbsent("AWS::Region", region);
        values.putIfAbsent("AWS::Partition", region.startsWith("cn-") ? "aws-cn"
                : region.startsWith("us-gov-") ? "aws-us-gov" : "aws");
        return new ParameterValues(values);
    }

    /** A copy of {@code value} with parameter references replaced by their values. */
    Object resolve(Object value) {
        if (value instanceof Map<?, ?> map) {
            if (map.size() == 1 && map.containsKey("Ref") && map.get("Ref") instanceof String name
                    && values.containsKey(name)) {
                return TemplateValues.copy(values.get(name));
            }
            if (map.size() == 1 && map.containsKey("Fn::Sub")) {
                Object args = map.get("Fn::Sub");
                if (args instanceof String text) {
                    return TemplateValues.object("Fn::Sub", substitute(text));
                }
                if (args instanceof List<?> list && !list.isEmpty() && list.get(0) instanceof String text) {
                    List<Object> copy = new ArrayList<>(TemplateValues.copy(list));
                    copy.set(0, substitute(text));
                    return TemplateValues.object("Fn::Sub", copy);
                }
            }
            Map<String, Object> resolved = new LinkedHashMap<>();
            map.forEach((k, v) -> resolved.put(String.valueOf(k), resolve(v)));
            return resolved;
        }
        if (value instanceof List<?> list) {
            List<Object> resolved = new ArrayList<>();
            list.forEach(v -> resolved.add(resolve(v)));
            return resolved;
        }
        return value;
    }

    private String substitute(String text) {
        Matcher matcher = SUB_REFERENCE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            Object value = values.get(matcher.group(1));
            String replacement = value instanceof String s ? s : matcher.group(0);
            matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(out);
        return out.toString();
    }
}
