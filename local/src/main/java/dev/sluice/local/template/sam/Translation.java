package dev.sluice.local.template.sam;

import dev.sluice.local.template.TemplateException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The CloudFormation resources a SAM template becomes, in the order they are generated, and the
 * {@code LogicalId.Property} references SAM resolves to generated resources ({@code MyFunction.Alias} ->
 * {@code MyFunctionAliaslive}).
 */
final class Translation {

    private final Map<String, Object> resources = new LinkedHashMap<>();
    private final Map<String, Map<String, String>> references = new LinkedHashMap<>();
    private final Map<String, Object> conditions;
    private final Map<String, Object> original;

    /**
     * @param original   the template's own Resources (generated ids must not collide with them)
     * @param conditions the output template's Conditions, to which generated conditions are added
     */
    Translation(Map<String, Object> original, Map<String, Object> conditions) {
        this.original = original;
        this.conditions = conditions;
    }

    /**
     * Adds a resource.
     *
     * @param source     the SAM resource it is generated from (for the duplicate-id message)
     * @param attributes resource attributes (Condition, DependsOn, DeletionPolicy, Metadata, ...)
     */
    Map<String, Object> add(String source, String logicalId, String type, Map<String, Object> properties,
                            Map<String, Object> attributes) {
        if (resources.containsKey(logicalId) || !logicalId.equals(source) && original.containsKey(logicalId)) {
            throw new TemplateException("Transforming resource with id [" + source + "] attempts to create a new"
                    + " resource with id [" + logicalId + "] and type \"" + type + "\". A resource with that id already"
                    + " exists within this template. Please use a different id for that resource.");
        }
        Map<String, Object> resource = new LinkedHashMap<>();
        resource.put("Type", type);
        if (properties != null && !properties.isEmpty()) {
            resource.put("Properties", properties);
        }
        if (attributes != null) {
            resource.putAll(attributes);
        }
        resources.put(logicalId, resource);
        return resource;
    }

    /** Keeps a resource of the template as it is (not a SAM resource). */
    void keep(String logicalId, Object resource) {
        resources.put(logicalId, resource);
    }

    /**
     * Adds a resource the local cloud does not create: it stays in the template (so that references to it are
     * declared) with Metadata {@value SamTransform#SKIPPED} saying why.
     */
    void skip(String source, String logicalId, String type, Map<String, Object> properties,
              Map<String, Object> attributes, String reason) {
        Map<String, Object> resource = add(source, logicalId, type, properties, attributes);
        Map<String, Object> metadata = new LinkedHashMap<>(TemplateValues.map(resource.get("Metadata"),
                "Resources." + logicalId + ".Metadata"));
        metadata.put(SamTransform.SKIPPED, reason);
        resource.put("Metadata", metadata);
    }

    boolean has(String logicalId) {
        return resources.containsKey(logicalId);
    }

    /** True when the template itself declares {@code logicalId}. */
    boolean isDeclared(String logicalId) {
        return original.containsKey(logicalId);
    }

    /** The template's own resource {@code logicalId} as written, or null. */
    Object declared(String logicalId) {
        return original.get(logicalId);
    }

    Map<String, Object> resource(String logicalId) {
        return TemplateValues.map(resources.get(logicalId), logicalId);
    }

    /** Declares that {@code LogicalId.property} refers to {@code generatedId}. */
    void reference(String logicalId, String property, String generatedId) {
        references.computeIfAbsent(logicalId, k -> new LinkedHashMap<>()).put(property, generatedId);
    }

    Map<String, Map<String, String>> references() {
        return references;
    }

    Map<String, Object> conditions() {
        return conditions;
    }

    Map<String, Object> resources() {
        return resources;
    }
}
