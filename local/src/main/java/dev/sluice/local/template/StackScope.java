package dev.sluice.local.template;

import dev.sluice.local.core.CloudContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What intrinsic functions can see while one stack deploys: pseudo parameters, parameter values, the resources
 * deployed so far (their {@code Ref} value and attributes), conditions, mappings and the exports of stacks deployed
 * earlier in the same run.
 */
final class StackScope {

    /** {@code AWS::NoValue}: removes the property (or list element) that holds it. */
    static final Object NO_VALUE = new Object() {
        @Override
        public String toString() {
            return "AWS::NoValue";
        }
    };

    /**
     * A resource as intrinsics see it. {@code placeholder}: not really created (IAM, alarms), so unknown attributes are
     * stand-ins. {@code skipped}: why the resource was skipped, or null; references to a skipped resource have no
     * value.
     */
    record Deployed(String type, Object ref, Map<String, Object> attributes, boolean placeholder, String skipped) {

        Deployed(String type, Object ref, Map<String, Object> attributes, boolean placeholder) {
            this(type, ref, attributes, placeholder, null);
        }
    }

    private final String stackName;
    private final CloudContext context;
    private final Map<String, Object> resources;
    private final Map<String, Object> conditions;
    private final Map<String, Object> mappings;
    private final Map<String, Object> parameters = new LinkedHashMap<>();
    private final Map<String, String> exports;
    private final Map<String, Deployed> deployed = new HashMap<>();
    private final Map<String, Boolean> conditionValues = new HashMap<>();

    /**
     * @param template  the parsed template
     * @param overrides parameter values that replace defaults
     * @param exports   exports of earlier stacks in this run (read for Fn::ImportValue)
     */
    StackScope(String stackName, CloudContext context, Map<String, Object> template, Map<String, String> overrides,
               Map<String, String> exports) {
        this.stackName = stackName;
        this.context = context;
        this.resources = section(template, "Resources");
        this.conditions = section(template, "Conditions");
        this.mappings = section(template, "Mappings");
        this.exports = exports;
        Map<String, Object> declared = section(template, "Parameters");
        for (String name : overrides.keySet()) {
            if (!declared.containsKey(name)) {
                throw new TemplateException("parameter override " + name + " is not declared in Parameters (declared: "
                        + declared.keySet() + ")");
            }
        }
        declared.forEach((name, declaration) -> parameters.put(name,
                parameterValue(name, asMap(declaration, "Parameters." + name), overrides.get(name))));
    }

    private static Object parameterValue(String name, Map<String, Object> declaration, String override) {
        Object value = override != null ? override : declaration.get("Default");
        if (value == null) {
            throw new TemplateException("parameter " + name + " has no Default and no value was given");
        }
        String type = String.valueOf(declaration.getOrDefault("Type", "String"));
        String text = value instanceof List<?> list ? String.join(",", list.stream().map(String::valueOf).toList())
                : String.valueOf(value);
        // SSM parameter types (the CDK's BootstrapVersion) would be looked up in Parameter Store: use the default.
        if (type.startsWith("List<") || type.equals("CommaDelimitedList")) {
            return text.isEmpty() ? List.of() : new ArrayList<>(Arrays.asList(text.split(",", -1)));
        }
        return text;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> section(Map<String, Object> template, String name) {
        Object value = template.get(name);
        if (value == null) {
            return new LinkedHashMap<>();
        }
        return asMap(value, name);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> asMap(Object value, String where) {
        if (!(value instanceof Map<?, ?>)) {
            throw new TemplateException(where + " must be an object, got " + TemplateException.describe(value));
        }
        return (Map<String, Object>) value;
    }

    String stackName() {
        return stackName;
    }

    CloudContext context() {
        return context;
    }

    Map<String, Object> resources() {
        return resources;
    }

    Map<String, Object> conditions() {
        return conditions;
    }

    Map<String, Object> mappings() {
        return mappings;
    }

    boolean isParameter(String name) {
        return parameters.containsKey(name);
    }

    Object parameter(String name) {
        return parameters.get(name);
    }

    boolean isResource(String logicalId) {
        return resources.containsKey(logicalId);
    }

    Deployed deployed(String logicalId) {
        return deployed.get(logicalId);
    }

    void putDeployed(String logicalId, Deployed resource) {
        deployed.put(logicalId, resource);
    }

    Map<String, String> exports() {
        return exports;
    }

    Map<String, Boolean> conditionValues() {
        return conditionValues;
    }

    String partitionArn(String service, String resource) {
        return context.arn(service, resource).toString();
    }
}
