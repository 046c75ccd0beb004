package dev.sluice.local.template.sam;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A copy of a template value with some references rewritten, walking into maps, lists and {@code Fn::Sub} strings:
 * the walk SAM's reference resolvers share ({@link ParameterValues}, {@link PropertyReferences}). A subclass says
 * what becomes of a one-key intrinsic function ({@code Ref}, {@code Fn::GetAtt}) and of each {@code ${name}} in a
 * Sub string.
 */
abstract class ValueRewrite {

    private static final Pattern SUB_REFERENCE = Pattern.compile("\\$\\{([A-Za-z0-9.]+|AWS::[A-Z][A-Za-z]*)}");

    /** The new value of {@code intrinsic}, a map with one key, or null when this rewrite leaves it to the walk. */
    abstract Object intrinsic(Map<?, ?> intrinsic);

    /** The text that replaces {@code ${name}} in a Sub string, or null to keep it as written. */
    abstract String subReference(String name);

    /** What the variables of a Sub's list form ({@code [text, {name: value}]}) become; by default rewritten too. */
    Object subVariables(Object variables) {
        return rewrite(variables);
    }

    /** A copy of {@code value} with this rewrite's references rewritten (scalars are shared: they are immutable). */
    Object rewrite(Object value) {
        if (value instanceof Map<?, ?> map) {
            Object intrinsic = map.size() == 1 ? intrinsic(map) : null;
            if (intrinsic != null) {
                return intrinsic;
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
                        copy.add(subVariables(list.get(i)));
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

    private String sub(String text) {
        Matcher matcher = SUB_REFERENCE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String replacement = subReference(matcher.group(1));
            matcher.appendReplacement(out, Matcher.quoteReplacement(replacement == null ? matcher.group(0) : replacement));
        }
        matcher.appendTail(out);
        return out.toString();
    }
}
