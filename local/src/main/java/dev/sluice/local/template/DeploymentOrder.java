package dev.sluice.local.template;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Orders a template's resources so that every resource comes after those it refers to (Ref, Fn::GetAtt,
 * Fn::Sub variables, DependsOn). Rejects references to names the template does not declare and dependency cycles;
 * both messages name the resources involved. Independent resources keep the template's order.
 */
final class DeploymentOrder {

    private DeploymentOrder() {
    }

    /** @param outputs the template's Outputs section, checked for references to undeclared names */
    static List<String> of(StackScope scope, Map<String, Object> outputs) {
        IntrinsicResolver resolver = new IntrinsicResolver(scope);
        Map<String, Set<String>> dependencies = new LinkedHashMap<>();
        Map<String, Set<String>> missing = new TreeMap<>();
        for (Map.Entry<String, Object> entry : scope.resources().entrySet()) {
            String id = entry.getKey();
            Map<String, Object> resource = StackScope.asMap(entry.getValue(), "Resources." + id);
            Set<String> absent = new LinkedHashSet<>();
            Set<String> needs = new LinkedHashSet<>(resolver.references(resource.get("Properties"), absent));
            Object dependsOn = resource.get("DependsOn");
            List<?> declared = dependsOn instanceof List<?> list ? list : dependsOn == null ? List.of() : List.of(dependsOn);
            for (Object d : declared) {
                String name = String.valueOf(d);
                if (scope.isResource(name)) {
                    needs.add(name);
                } else {
                    absent.add(name);
                }
            }
            if (!absent.isEmpty()) {
                missing.put(id, absent);
            }
            dependencies.put(id, needs);
        }
        for (Map.Entry<String, Object> entry : outputs.entrySet()) {
            Set<String> absent = new LinkedHashSet<>();
            resolver.references(entry.getValue(), absent);
            if (!absent.isEmpty()) {
                missing.put("Outputs." + entry.getKey(), absent);
            }
        }
        if (!missing.isEmpty()) {
            StringBuilder message = new StringBuilder("the template refers to names it does not declare:");
            missing.forEach((id, names) -> message.append(' ').append(id).append(" -> ").append(names).append(';'));
            message.setLength(message.length() - 1);
            throw new TemplateException(message.append(" (neither resources nor parameters)").toString());
        }
        return sorted(dependencies);
    }

    private static List<String> sorted(Map<String, Set<String>> dependencies) {
        List<String> order = new ArrayList<>();
        Map<String, Integer> state = new HashMap<>(); // absent = unvisited, 1 = on the current path, 2 = done
        for (String id : dependencies.keySet()) {
            visit(id, dependencies, state, new ArrayList<>(), order);
        }
        return order;
    }

    private static void visit(String id, Map<String, Set<String>> dependencies, Map<String, Integer> state,
                              List<String> path, List<String> order) {
        Integer seen = state.get(id);
        if (seen != null && seen == 2) {
            return;
        }
        path.add(id);
        if (seen != null) {
            List<String> cycle = path.subList(path.indexOf(id), path.size());
            throw new TemplateException("circular dependency between resources: " + String.join(" -> ", cycle));
        }
        state.put(id, 1);
        for (String dependency : dependencies.get(id)) {
            visit(dependency, dependencies, state, path, order);
        }
        state.put(id, 2);
        path.remove(path.size() - 1);
        order.add(id);
    }
}
