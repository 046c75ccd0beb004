package dev.sluice.local.template;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.local.core.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A cloud assembly: the folder {@code cdk synth} writes ({@code cdk.out}), read from its {@code manifest.json}.
 * Its stacks come in deployment order (each after the stacks it depends on).
 *
 * @param directory the assembly folder
 * @param stacks    the CloudFormation stacks, dependencies first
 * @param nested    ids of nested assemblies (CDK Stages), which are listed but not read
 */
public record CloudAssembly(Path directory, List<Stack> stacks, List<String> nested) {


    /**
     * One stack of the assembly.
     *
     * @param id           the artifact id the CDK toolkit selects stacks by ({@code cdk deploy ID})
     * @param stackName    the CloudFormation stack name (the id unless the app set another)
     * @param template     the template file
     * @param parameters   parameter values the assembly fixes (usually none)
     * @param dependencies ids of the stacks this one needs deployed first
     */
    public record Stack(String id, String stackName, Path template, Map<String, String> parameters,
                        List<String> dependencies) {
    }

    /** @throws TemplateException when the manifest is missing, unreadable or lists no stack */
    public static CloudAssembly read(Path directory) {
        Path manifestFile = directory.resolve("manifest.json");
        JsonNode artifacts;
        try {
            artifacts = Json.MAPPER.readTree(manifestFile.toFile()).path("artifacts");
        } catch (IOException e) {
            throw new TemplateException("cannot read cloud assembly manifest " + manifestFile + ": " + e.getMessage(), e);
        }
        Map<String, Stack> stacks = new LinkedHashMap<>();
        List<String> nested = new ArrayList<>();
        for (var entries = artifacts.fields(); entries.hasNext(); ) {
            var entry = entries.next();
            String type = entry.getValue().path("type").asText();
            if (type.equals("cdk:cloud-assembly")) {
                nested.add(entry.getKey());
            }
            if (!type.equals("aws:cloudformation:stack")) {
                continue;
            }
            JsonNode properties = entry.getValue().path("properties");
            String templateFile = properties.path("templateFile").asText(null);
            if (templateFile == null) {
                throw new TemplateException(manifestFile + ": stack " + entry.getKey() + " has no properties.templateFile");
            }
            Map<String, String> parameters = new LinkedHashMap<>();
            properties.path("parameters").fields().forEachRemaining(p -> parameters.put(p.getKey(), p.getValue().asText()));
            List<String> dependencies = new ArrayList<>();
            entry.getValue().path("dependencies").forEach(d -> dependencies.add(d.asText()));
            stacks.put(entry.getKey(), new Stack(entry.getKey(), properties.path("stackName").asText(entry.getKey()),
                    directory.resolve(templateFile), Map.copyOf(parameters), List.copyOf(dependencies)));
        }
        if (stacks.isEmpty()) {
            throw new TemplateException(manifestFile + " lists no CloudFormation stacks");
        }
        List<Stack> ordered = new ArrayList<>();
        Map<String, Boolean> visiting = new HashMap<>();
        for (String id : stacks.keySet()) {
            visit(id, stacks, visiting, ordered, new ArrayList<>());
        }
        return new CloudAssembly(directory, List.copyOf(ordered), List.copyOf(nested));
    }

    private static void visit(String id, Map<String, Stack> stacks, Map<String, Boolean> visiting, List<Stack> order,
                              List<String> path) {
        Stack stack = stacks.get(id);
        if (order.contains(stack)) {
            return;
        }
        path.add(id);
        if (Boolean.TRUE.equals(visiting.get(id))) {
            throw new TemplateException("circular dependency between stacks: "
                    + String.join(" -> ", path.subList(path.indexOf(id), path.size())));
        }
        visiting.put(id, true);
        for (String dependency : stack.dependencies()) {
            if (stacks.containsKey(dependency)) {
                visit(dependency, stacks, visiting, order, path);
            }
        }
        path.remove(path.size() - 1);
        order.add(stack);
    }
}
