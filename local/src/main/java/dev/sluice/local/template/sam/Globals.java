package dev.sluice.local.template.sam;

import dev.sluice.local.template.TemplateException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The template's {@code Globals} section, merged into each {@code AWS::Serverless::*} resource the way
 * aws-sam-translator's GlobalsPlugin does: a resource's own scalar wins, objects merge key by key, lists concatenate
 * (global first), a value of another shape replaces the global one; intrinsic functions count as scalars.
 * {@code IgnoreGlobals: '*'} or a list of property names on a resource opts out.
 */
final class Globals {

    static final String SECTION = "Globals";
    private static final String PREFIX = "AWS::Serverless::";

    /** The properties each section accepts, as in SAM (only Function's matter locally; the others are checked). */
    private static final Map<String, List<String>> SUPPORTED = Map.of(
            "Function", List.of("Handler", "Runtime", "CodeUri", "DeadLetterQueue", "Description", "MemorySize",
                    "Timeout", "VpcConfig", "Environment", "Tags", "PropagateTags", "Tracing", "KmsKeyArn",
                    "AutoPublishAlias", "AutoPublishAliasAllProperties", "Layers", "DeploymentPreference", "RolePath",
                    "PermissionsBoundary", "ReservedConcurrentExecutions", "ProvisionedConcurrencyConfig",
                    "AssumeRolePolicyDocument", "EventInvokeConfig", "FileSystemConfigs", "CodeSigningConfigArn",
                    "Architectures", "SnapStart", "EphemeralStorage", "FunctionUrlConfig", "RuntimeManagementConfig",
                    "LoggingConfig", "RecursiveLoop", "SourceKMSKeyArn", "TenancyConfig", "DurableConfig",
                    "CapacityProviderConfig", "FunctionScalingConfig", "PublishToLatestPublished",
                    "VersionDeletionPolicy"),
            "Api", List.of("Auth", "Name", "DefinitionUri", "CacheClusterEnabled", "CacheClusterSize",
                    "MergeDefinitions", "Variables", "EndpointConfiguration", "MethodSettings", "BinaryMediaTypes",
                    "MinimumCompressionSize", "Cors", "GatewayResponses", "AccessLogSetting", "CanarySetting",
                    "TracingEnabled", "OpenApiVersion", "Domain", "AlwaysDeploy", "PropagateTags", "SecurityPolicy",
                    "EndpointAccessMode"),
            "HttpApi", List.of("Auth", "AccessLogSettings", "StageVariables", "Tags", "CorsConfiguration",
                    "DefaultRouteSettings", "Domain", "RouteSettings", "FailOnWarnings", "PropagateTags"),
            "SimpleTable", List.of("SSESpecification"),
            "StateMachine", List.of("PropagateTags"),
            "LayerVersion", List.of("PublishLambdaVersion"),
            "CapacityProvider", List.of("VpcConfig", "OperatorRole", "Tags", "InstanceRequirements", "ScalingConfig",
                    "KmsKeyArn", "PropagateTags", "LoggingConfig", "ManagedResourceTags"),
            "WebSocketApi", List.of("AccessLogSettings", "ApiKeySelectionExpression", "DefaultRouteSettings",
                    "DisableExecuteApiEndpoint", "DisableSchemaValidation", "Domain", "FailOnWarnings",
                    "IpAddressType", "PropagateTags", "RouteSelectionExpression", "RouteSettings", "StageVariables",
                    "Tags"));
    /** Paths whose lists replace the global list instead of extending it. */
    private static final Set<String> REPLACED_LISTS = Set.of("Function.Architectures");

    private final Map<String, Map<String, Object>> sections;

    private Globals(Map<String, Map<String, Object>> sections) {
        this.sections = sections;
    }

    static Globals of(Map<String, Object> template) {
        Object section = template.get(SECTION);
        Map<String, Map<String, Object>> sections = new LinkedHashMap<>();
        if (section == null) {
            return new Globals(sections);
        }
        if (!(section instanceof Map<?, ?> map) || map.isEmpty()) {
            throw new TemplateException("'Globals' section is invalid. It must be a non-empty dictionary");
        }
        for (Map.Entry<String, Object> entry : TemplateValues.map(section, SECTION).entrySet()) {
            List<String> supported = SUPPORTED.get(entry.getKey());
            if (supported == null) {
                throw new TemplateException("'Globals' section is invalid. '" + entry.getKey() + "' is not supported."
                        + " Must be one of the following values - " + SUPPORTED.keySet().stream().sorted().toList());
            }
            Map<String, Object> properties = TemplateValues.map(entry.getValue(), SECTION + "." + entry.getKey());
            for (String key : properties.keySet()) {
                if (!supported.contains(key)) {
                    throw new TemplateException("'Globals' section is invalid. '" + key + "' is not a supported"
                            + " property of '" + entry.getKey() + "'. Must be one of the following values - "
                            + supported);
                }
            }
            sections.put(PREFIX + entry.getKey(), properties);
        }
        return new Globals(sections);
    }

    /**
     * The resource's properties with the globals of its type merged in.
     *
     * @param ignoreGlobals the resource's {@code IgnoreGlobals} attribute: null, {@code "*"} or a list of names
     */
    Map<String, Object> merge(String logicalId, String type, Map<String, Object> properties, Object ignoreGlobals) {
        Map<String, Object> global = sections.get(type);
        if (global == null) {
            return properties;
        }
        Map<String, Object> applied = new LinkedHashMap<>(global);
        if ("*".equals(ignoreGlobals)) {
            return properties;
        } else if (ignoreGlobals instanceof List<?> names) {
            for (Object name : names) {
                if (applied.remove(String.valueOf(name)) == null) {
                    throw new TemplateException("Resource " + logicalId + " has invalid resource attribute"
                            + " 'IgnoreGlobals' on item '" + name + "'.");
                }
            }
        } else if (ignoreGlobals != null) {
            throw new TemplateException("Resource " + logicalId + " has invalid resource attribute 'IgnoreGlobals'.");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> merged = (Map<String, Object>) merge(TemplateValues.copy(applied), properties,
                type.substring(PREFIX.length()));
        return merged;
    }

    private static Object merge(Object global, Object local, String path) {
        Shape g = Shape.of(global);
        if (g != Shape.of(local) || g == Shape.SCALAR) {
            return local;
        }
        if (g == Shape.LIST) {
            if (REPLACED_LISTS.contains(path)) {
                return local;
            }
            List<Object> joined = new ArrayList<>((List<?>) global);
            joined.addAll((List<?>) local);
            return joined;
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> merged = new LinkedHashMap<>((Map<String, Object>) global);
        ((Map<?, ?>) local).forEach((key, value) -> {
            String name = String.valueOf(key);
            merged.put(name, merged.containsKey(name) ? merge(merged.get(name), value, path + "." + name) : value);
        });
        return merged;
    }

    private enum Shape {
        SCALAR, LIST, OBJECT;

        static Shape of(Object value) {
            if (value instanceof Map<?, ?> && !TemplateValues.isIntrinsic(value)) {
                return OBJECT;
            }
            return value instanceof List<?> ? LIST : SCALAR;
        }
    }
}
