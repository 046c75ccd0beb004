package dev.sluice.local.template;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.sluice.local.core.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Evaluates CloudFormation intrinsic functions (Ref, Fn::GetAtt, Fn::Sub, Fn::Join, Fn::Select, Fn::Split,
 * Fn::ImportValue, Fn::If and the condition functions, Fn::FindInMap, Fn::GetAZs, Fn::Base64, Fn::ToJsonString)
 * against a {@link StackScope}, and finds which resources a value refers to (for deployment order).
 */
final class IntrinsicResolver {

    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}]*)}");

    private final StackScope scope;

    IntrinsicResolver(StackScope scope) {
        this.scope = scope;
    }

    /**
     * Resolves every intrinsic in {@code value}. Properties and list elements that resolve to AWS::NoValue are
     * removed; a top-level AWS::NoValue is returned as {@link StackScope#NO_VALUE}.
     *
     * @param where the template path for error messages, e.g. {@code Resources.Queue.Properties}
     */
    Object resolve(Object value, String where) {
        if (value instanceof Map<?, ?> raw) {
            @SuppressWarnings("unchecked")
            Map<String, Object> map = (Map<String, Object>) raw;
            if (map.size() == 1) {
                String key = map.keySet().iterator().next();
                if (key.equals("Ref") || key.startsWith("Fn::")) {
                    return function(key, map.get(key), where);
                }
            }
            Map<String, Object> resolved = new LinkedHashMap<>();
            for (Map.Entry<String, Object> entry : map.entrySet()) {
                Object v = resolve(entry.getValue(), where + "." + entry.getKey());
                if (v != StackScope.NO_VALUE) {
                    resolved.put(entry.getKey(), v);
                }
            }
            return resolved;
        }
        if (value instanceof List<?> list) {
            List<Object> resolved = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                Object v = resolve(list.get(i), where + "[" + i + "]");
                if (v != StackScope.NO_VALUE) {
                    resolved.add(v);
                }
            }
            return resolved;
        }
        return value;
    }

    /** The value of a named condition from the template's Conditions section. */
    boolean condition(String name) {
        Boolean known = scope.conditionValues().get(name);
        if (known != null) {
            return known;
        }
        if (!scope.conditions().containsKey(name)) {
            throw new TemplateException("condition " + name + " is not declared in Conditions (declared: "
                    + scope.conditions().keySet() + ")");
        }
        scope.conditionValues().put(name, false); // guards against a condition that refers to itself
        boolean value = truth(resolve(scope.conditions().get(name), "Conditions." + name), "Conditions." + name);
        scope.conditionValues().put(name, value);
        return value;
    }

    private Object function(String name, Object args, String where) {
        String at = where + " (" + name + ")";
        return switch (name) {
            case "Ref" -> ref(text(resolve(args, at), at), at);
            case "Fn::GetAtt" -> getAtt(args, at);
            case "Fn::Sub" -> sub(args, at);
            case "Fn::Join" -> join(args, at);
            case "Fn::Select" -> select(args, at);
            case "Fn::Split" -> split(args, at);
            case "Fn::ImportValue" -> importValue(text(resolve(args, at), at), at);
            case "Fn::If" -> ifThenElse(args, at);
            case "Fn::Equals" -> equalsFunction(args, at);
            case "Fn::And" -> andOr(args, at, true);
            case "Fn::Or" -> andOr(args, at, false);
            case "Fn::Not" -> !truth(resolve(arguments(args, 1, at).get(0), at), at);
            case "Fn::FindInMap" -> findInMap(args, at);
            case "Fn::GetAZs" -> {
                String region = scope.context().region();
                yield List.of(region + "a", region + "b", region + "c");
            }
            case "Fn::Base64" -> Base64.getEncoder().encodeToString(
                    text(resolve(args, at), at).getBytes(StandardCharsets.UTF_8));
            case "Fn::ToJsonString" -> toJson(resolve(args, at), at);
            case "Fn::Length" -> list(resolve(args, at), at).size();
            default -> throw new TemplateException(where + ": intrinsic function " + name + " is not supported locally");
        };
    }

    private Object ref(String name, String where) {
        switch (name) {
            case "AWS::Region":
                return scope.context().region();
            case "AWS::AccountId":
                return scope.context().accountId();
            case "AWS::Partition":
                return "aws";
            case "AWS::URLSuffix":
                return "amazonaws.com";
            case "AWS::StackName":
                return scope.stackName();
            case "AWS::StackId":
                return scope.partitionArn("cloudformation", "stack/" + scope.stackName() + "/local");
            case "AWS::NoValue":
                return StackScope.NO_VALUE;
            case "AWS::NotificationARNs":
                return List.of();
            default:
                break;
        }
        if (scope.isParameter(name)) {
            return scope.parameter(name);
        }
        return deployed(name, where).ref();
    }

    private StackScope.Deployed deployed(String logicalId, String where) {
        StackScope.Deployed resource = scope.deployed(logicalId);
        if (resource != null && resource.skipped() != null) {
            throw new SkippedReference(where, logicalId, resource.skipped());
        }
        if (resource != null) {
            return resource;
        }
        if (scope.isResource(logicalId)) {
            throw new TemplateException(where + " refers to resource " + logicalId + ", which was not created"
                    + " (its Condition is false or it comes later in the deployment order)");
        }
        throw new TemplateException(where + " refers to " + logicalId
                + ", which is neither a resource nor a parameter of the template");
    }

    private Object getAtt(Object args, String where) {
        Object resolved = resolve(args, where);
        List<Object> parts = resolved instanceof String dotted && dotted.contains(".")
                ? List.of(dotted.substring(0, dotted.indexOf('.')), dotted.substring(dotted.indexOf('.') + 1))
                : arguments(resolved, 2, where);
        return attribute(text(parts.get(0), where), text(parts.get(1), where), where);
    }

    private Object attribute(String logicalId, String attribute, String where) {
        StackScope.Deployed resource = deployed(logicalId, where);
        Object value = resource.attributes().get(attribute);
        if (value != null) {
            return value;
        }
        if (resource.placeholder()) {
            // Not created locally (IAM role, alarm, ...): a stable stand-in keeps references to it working.
            return attribute.equals("Arn") || attribute.endsWith("Arn")
                    ? scope.partitionArn(service(resource.type()), logicalId)
                    : logicalId + "." + attribute;
        }
        throw new TemplateException(where + ": resource " + logicalId + " (" + resource.type()
                + ") has no attribute " + attribute + " locally (known: " + new TreeSet<>(resource.attributes().keySet())
                + ")");
    }

    private static String service(String type) {
        String[] parts = type.split("::");
        return parts.length > 1 ? parts[1].toLowerCase(java.util.Locale.ROOT) : "local";
    }

    private Object sub(Object args, String where) {
        String template;
        Map<String, Object> variables = Map.of();
        if (args instanceof List<?> list) {
            List<Object> parts = arguments(list, 2, where);
            template = text(parts.get(0), where);
            variables = StackScope.asMap(resolve(parts.get(1), where), where + " variables");
        } else {
            template = text(args, where);
        }
        Matcher matcher = SUB_VARIABLE.matcher(template);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String name = matcher.group(1).trim();
            String replacement;
            if (name.startsWith("!")) {
                replacement = "${" + name.substring(1) + "}"; // ${!Literal} escapes a dollar-brace
            } else if (variables.containsKey(name)) {
                replacement = text(variables.get(name), where + " variable " + name);
            } else if (name.contains(".") && !name.startsWith("AWS::")) {
                int dot = name.indexOf('.');
                replacement = text(attribute(name.substring(0, dot), name.substring(dot + 1), where), where);
            } else {
                replacement = text(ref(name, where), where);
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private Object join(Object args, String where) {
        List<Object> parts = arguments(resolve(args, where), 2, where);
        String delimiter = text(parts.get(0), where);
        List<String> values = new ArrayList<>();
        for (Object v : list(parts.get(1), where)) {
            values.add(text(v, where));
        }
        return String.join(delimiter, values);
    }

    private Object select(Object args, String where) {
        List<Object> parts = arguments(resolve(args, where), 2, where);
        List<Object> values = list(parts.get(1), where);
        int index;
        try {
            index = Integer.parseInt(text(parts.get(0), where));
        } catch (NumberFormatException e) {
            throw new TemplateException(where + ": index must be a number, got " + TemplateException.describe(parts.get(0)));
        }
        if (index < 0 || index >= values.size()) {
            throw new TemplateException(where + ": index " + index + " is out of range (list has " + values.size()
                    + " elements)");
        }
        return values.get(index);
    }

    private Object split(Object args, String where) {
        List<Object> parts = arguments(resolve(args, where), 2, where);
        String delimiter = text(parts.get(0), where);
        String source = text(parts.get(1), where);
        return new ArrayList<Object>(List.of(source.split(Pattern.quote(delimiter), -1)));
    }

    private Object importValue(String name, String where) {
        String value = scope.exports().get(name);
        if (value == null) {
            throw new TemplateException(where + ": no stack deployed earlier in this run exports " + name
                    + " (exports: " + new TreeSet<>(scope.exports().keySet()) + ")");
        }
        return value;
    }

    private Object ifThenElse(Object args, String where) {
        List<Object> parts = arguments(args, 3, where);
        return condition(text(parts.get(0), where)) ? resolve(parts.get(1), where) : resolve(parts.get(2), where);
    }

    private Object equalsFunction(Object args, String where) {
        List<Object> parts = arguments(resolve(args, where), 2, where);
        return String.valueOf(parts.get(0)).equals(String.valueOf(parts.get(1)));
    }

    private Object andOr(Object args, String where, boolean and) {
        List<Object> parts = list(args, where);
        for (Object part : parts) {
            boolean value = truth(conditionOperand(part, where), where);
            if (value != and) {
                return !and;
            }
        }
        return and;
    }

    private Object conditionOperand(Object part, String where) {
        if (part instanceof Map<?, ?> map && map.size() == 1 && map.containsKey("Condition")) {
            return condition(text(map.get("Condition"), where));
        }
        return resolve(part, where);
    }

    private Object findInMap(Object args, String where) {
        List<Object> parts = arguments(resolve(args, where), 3, where);
        String mapName = text(parts.get(0), where);
        String top = text(parts.get(1), where);
        String second = text(parts.get(2), where);
        Object mapping = scope.mappings().get(mapName);
        if (mapping == null) {
            throw new TemplateException(where + ": no mapping named " + mapName + " in Mappings");
        }
        Object level = StackScope.asMap(mapping, "Mappings." + mapName).get(top);
        Object value = level == null ? null : StackScope.asMap(level, "Mappings." + mapName + "." + top).get(second);
        if (value == null) {
            throw new TemplateException(where + ": mapping " + mapName + " has no entry " + top + "." + second);
        }
        return value;
    }

    private static String toJson(Object value, String where) {
        try {
            return Json.MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new TemplateException(where + ": cannot serialise to JSON: " + e.getOriginalMessage());
        }
    }

    private boolean truth(Object value, String where) {
        if (value instanceof Boolean b) {
            return b;
        }
        if (value instanceof Map<?, ?> map && map.size() == 1 && map.containsKey("Condition")) {
            return condition(text(map.get("Condition"), where));
        }
        if (value instanceof String s && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))) {
            return Boolean.parseBoolean(s);
        }
        throw new TemplateException(where + ": expected a condition (true or false), got " + TemplateException.describe(value));
    }

    private static List<Object> arguments(Object args, int count, String where) {
        List<Object> list = list(args, where);
        if (list.size() != count) {
            throw new TemplateException(where + ": expected " + count + " arguments, got " + list.size());
        }
        return list;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value, String where) {
        if (!(value instanceof List<?>)) {
            throw new TemplateException(where + ": expected a list, got " + TemplateException.describe(value));
        }
        return (List<Object>) value;
    }

    static String text(Object value, String where) {
        if (value instanceof String || value instanceof Number || value instanceof Boolean) {
            return String.valueOf(value);
        }
        throw new TemplateException(where + ": expected a string, got " + TemplateException.describe(value));
    }

    /**
     * The logical ids of the template resources that {@code value} refers to (Ref, Fn::GetAtt, Fn::Sub variables).
     * Names that are neither resources, parameters nor pseudo parameters are added to {@code missing}.
     */
    Set<String> references(Object value, Set<String> missing) {
        Set<String> found = new LinkedHashSet<>();
        collect(value, found, missing, Set.of());
        return found;
    }

    private void collect(Object value, Set<String> found, Set<String> missing, Set<String> subVariables) {
        if (value instanceof List<?> list) {
            list.forEach(v -> collect(v, found, missing, subVariables));
            return;
        }
        if (!(value instanceof Map<?, ?> map)) {
            return;
        }
        if (map.size() == 1 && map.containsKey("Ref") && map.get("Ref") instanceof String name) {
            name(name, found, missing, subVariables);
            return;
        }
        if (map.size() == 1 && map.containsKey("Fn::GetAtt")) {
            Object args = map.get("Fn::GetAtt");
            if (args instanceof String dotted) {
                name(dotted.split("\\.", 2)[0], found, missing, Set.of());
            } else if (args instanceof List<?> list && !list.isEmpty() && list.get(0) instanceof String id) {
                name(id, found, missing, Set.of());
            }
            if (args instanceof List<?> list) {
                list.forEach(v -> collect(v, found, missing, subVariables));
            }
            return;
        }
        if (map.size() == 1 && map.containsKey("Fn::Sub")) {
            Object args = map.get("Fn::Sub");
            String template = null;
            Set<String> variables = Set.of();
            if (args instanceof String s) {
                template = s;
            } else if (args instanceof List<?> list && list.size() == 2) {
                template = list.get(0) instanceof String s ? s : null;
                if (list.get(1) instanceof Map<?, ?> vars) {
                    variables = vars.keySet().stream().map(String::valueOf).collect(java.util.stream.Collectors.toSet());
                    collect(vars, found, missing, subVariables);
                }
            }
            if (template != null) {
                Matcher matcher = SUB_VARIABLE.matcher(template);
                while (matcher.find()) {
                    String name = matcher.group(1).trim();
                    if (!name.startsWith("!")) {
                        name(name.startsWith("AWS::") ? name : name.split("\\.", 2)[0], found, missing, variables);
                    }
                }
            }
            return;
        }
        if (map.size() == 1 && map.containsKey("Fn::ImportValue")) {
            collect(map.get("Fn::ImportValue"), found, missing, subVariables);
            return;
        }
        map.values().forEach(v -> collect(v, found, missing, subVariables));
    }

    private void name(String name, Set<String> found, Set<String> missing, Set<String> subVariables) {
        if (name.startsWith("AWS::") || scope.isParameter(name) || subVariables.contains(name)) {
            return;
        }
        if (scope.isResource(name)) {
            found.add(name);
        } else {
            missing.add(name);
        }
    }
}
