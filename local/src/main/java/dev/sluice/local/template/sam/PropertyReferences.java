package dev.sluice.local.template.sam;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Rewrites SAM's {@code LogicalId.Property} references to the resources SAM generated for them, as
 * aws-sam-translator's {@code resolve_sam_resource_refs} does: {@code !Ref MyFunction.Alias} becomes
 * {@code !Ref MyFunctionAliaslive}, {@code !GetAtt MyFunction.Alias.Name} becomes
 * {@code !GetAtt MyFunctionAliaslive.Name}, {@code ${MyFunction.Version}} in a Sub becomes
 * {@code ${MyFunctionVersion1a2b3c4d5e}}. Unknown ones stay as written.
 */
final class PropertyReferences extends ValueRewrite {

    private final Map<String, Map<String, String>> references;

    PropertyReferences(Map<String, Map<String, String>> references) {
        this.references = references;
    }

    @Override
    Object rewrite(Object value) {
        return references.isEmpty() ? value : super.rewrite(value);
    }

    @Override
    Object intrinsic(Map<?, ?> intrinsic) {
        if (intrinsic.get("Ref") instanceof String name) {
            String resolved = resolve(name);
            return resolved == null ? intrinsic : TemplateValues.ref(resolved);
        }
        if (intrinsic.containsKey("Fn::GetAtt")) {
            return getAtt(intrinsic.get("Fn::GetAtt"));
        }
        return null;
    }

    @Override
    String subReference(String name) {
        String[] parts = name.split("\\.");
        if (parts.length >= 2) {
            String resolved = resolve(parts[0] + "." + parts[1]);
            if (resolved != null) {
                return "${" + resolved + name.substring(parts[0].length() + parts[1].length() + 1) + "}";
            }
        }
        return null;
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
}
