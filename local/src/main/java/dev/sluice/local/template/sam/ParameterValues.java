package dev.sluice.local.template.sam;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The values SAM itself substitutes while transforming (aws-sam-translator's {@code resolve_parameter_refs}):
 * {@code Ref} to a parameter or to {@code AWS::Region} / {@code AWS::Partition}, and the same names inside
 * {@code Fn::Sub}. Everything else stays for CloudFormation (here: the deployer) to resolve. SAM only resolves where
 * it needs a value at transform time: AutoPublishAlias, the code location hashed into a version's id, Tracing,
 * EventInvokeConfig.
 */
final class ParameterValues extends ValueRewrite {

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

    /** A parameter's value for {@code {"Ref": name}}, or null (not a parameter: left to CloudFormation). */
    @Override
    Object intrinsic(Map<?, ?> intrinsic) {
        if (intrinsic.get("Ref") instanceof String name && values.containsKey(name)) {
            return TemplateValues.copy(values.get(name));
        }
        return null;
    }

    @Override
    String subReference(String name) {
        return values.get(name) instanceof String value ? value : null;
    }

    /** SAM substitutes in a Sub's text only: its variables stay as written. */
    @Override
    Object subVariables(Object variables) {
        return TemplateValues.copy(variables);
    }
}
