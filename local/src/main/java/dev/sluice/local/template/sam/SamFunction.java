package dev.sluice.local.template.sam;

import static dev.sluice.local.template.sam.TemplateValues.getAtt;
import static dev.sluice.local.template.sam.TemplateValues.object;
import static dev.sluice.local.template.sam.TemplateValues.ref;

import dev.sluice.local.core.Arn;
import dev.sluice.local.template.TemplateException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code AWS::Serverless::Function}: the Lambda function, its execution role, the version and alias of
 * AutoPublishAlias, the EventInvokeConfig and the resources of each event, with the logical ids and properties
 * aws-sam-translator gives them ({@code samtranslator/model/sam_resources.py}, class {@code SamFunction}).
 */
final class SamFunction {

    static final String TYPE = "AWS::Serverless::Function";
    /** The bucket name that marks a local code path (the local cloud's hot-reload convention). */
    static final String LOCAL_CODE_BUCKET = "hot-reload";

    /** SAM properties copied to the Lambda function under the same name. */
    private static final List<String> PASSED_THROUGH = List.of("FunctionName", "Handler", "Runtime", "Description",
            "MemorySize", "Timeout", "VpcConfig", "Role", "Environment", "Code", "KmsKeyArn",
            "ReservedConcurrentExecutions", "Tags", "Layers", "FileSystemConfigs", "ImageConfig", "PackageType",
            "Architectures", "SnapStart", "EphemeralStorage", "TracingConfig", "DeadLetterConfig",
            "CodeSigningConfigArn", "RuntimeManagementConfig", "LoggingConfig", "TenancyConfig", "RecursiveLoop",
            "DurableConfig", "CapacityProviderConfig", "FunctionScalingConfig", "PublishToLatestPublished");
    private static final List<String> RESOURCE_ATTRIBUTES = List.of("DeletionPolicy", "UpdatePolicy", "Condition",
            "UpdateReplacePolicy", "Metadata");
    private static final List<String> PASS_THROUGH_ATTRIBUTES = List.of("Condition", "DeletionPolicy",
            "UpdateReplacePolicy");
    private static final Pattern ALIAS_NAME = Pattern.compile("(?!^[0-9]+$)([a-zA-Z0-9\\-_]+)$");
    /** AWS managed policies for Lambda whose ARN has a path (SAM maps names to ARNs; IAM is not enforced locally). */
    private static final List<String> SERVICE_ROLE_POLICIES = List.of("AWSLambdaBasicExecutionRole",
            "AWSLambdaDynamoDBExecutionRole", "AWSLambdaENIManagementAccess", "AWSLambdaKinesisExecutionRole",
            "AWSLambdaMSKExecutionRole", "AWSLambdaRole", "AWSLambdaSQSQueueExecutionRole",
            "AWSLambdaVPCAccessExecutionRole", "AWSCodeDeployRoleForLambda", "AWSCodeDeployRoleForLambdaLimited");

    private final String id;
    private final Map<String, Object> props;
    private final Map<String, Object> resource;
    private final ParameterValues parameters;
    private final Translation out;

    /** The role generated for the function, or null when the template gives one. */
    private Map<String, Object> role;
    private Map<String, Object> lambda;
    private String aliasId;

    /**
     * @param resource the SAM resource as written (Type, attributes)
     * @param props    its Properties with Globals merged in
     */
    SamFunction(String id, Map<String, Object> resource, Map<String, Object> props, ParameterValues parameters,
                Translation out) {
        this.id = id;
        this.resource = resource;
        this.props = props;
        this.parameters = parameters;
        this.out = out;
    }

    void toCloudFormation() {
        Map<String, Object> dlq = deadLetterQueue();
        Map<String, Object> functionProps = functionProperties(dlq);
        Map<String, Object> attributes = new LinkedHashMap<>();
        if (resource.get("DependsOn") != null) {
            attributes.put("DependsOn", resource.get("DependsOn"));
        }
        RESOURCE_ATTRIBUTES.forEach(a -> {
            if (resource.get(a) != null) {
                attributes.put(a, resource.get(a));
            }
        });
        lambda = out.add(id, id, "AWS::Lambda::Function", functionProps, attributes);
        if (props.get("ProvisionedConcurrencyConfig") != null && props.get("AutoPublishAlias") == null) {
            throw invalid("To set ProvisionedConcurrencyConfig AutoPublishALias must be defined on the function");
        }
        String aliasName = null;
        if (props.get("AutoPublishAlias") != null) {
            aliasName = aliasName();
            autoPublish(functionProps, aliasName);
        }
        if (props.get("FunctionUrlConfig") instanceof Map<?, ?> url) {
            String reason = "function URLs are not emulated (FunctionUrlConfig of " + id + ")";
            skip(id + "Url", "AWS::Lambda::Url", object("AuthType", url.get("AuthType"), "TargetFunctionArn",
                    aliasId != null ? ref(aliasId) : ref(id)), passThrough(), reason);
            if ("NONE".equals(url.get("AuthType"))) {
                skip(id + "UrlPublicPermissions", "AWS::Lambda::Permission", null, passThrough(), reason);
                skip(id + "URLInvokeAllowPublicAccess", "AWS::Lambda::Permission", null, passThrough(), reason);
            }
        }
        deploymentPreference();
        List<Map<String, Object>> invokePolicies = new ArrayList<>();
        if (props.get("EventInvokeConfig") != null) {
            new SamEventInvokeConfig(this, aliasName, invokePolicies).toCloudFormation();
        }
        if (functionProps.get("Role") == null) {
            role = role(dlq, invokePolicies);
            functionProps.put("Role", getAtt(id + "Role", "Arn"));
            out.add(id, id + "Role", "AWS::IAM::Role", role, passThrough());
        }
        events();
        references();
    }

    // ---- the function ----

    private Map<String, Object> deadLetterQueue() {
        Object value = props.get("DeadLetterQueue");
        if (value == null) {
            return null;
        }
        Map<String, Object> dlq = TemplateValues.map(value, where("DeadLetterQueue"));
        if (dlq.get("Type") == null || dlq.get("TargetArn") == null) {
            throw invalid("'DeadLetterQueue' requires Type and TargetArn properties to be specified.");
        }
        if (!List.of("SQS", "SNS").contains(dlq.get("Type"))) {
            throw invalid("'DeadLetterQueue' requires Type of ['SQS', 'SNS']");
        }
        return dlq;
    }

    private Map<String, Object> functionProperties(Map<String, Object> dlq) {
        Map<String, Object> values = new LinkedHashMap<>(props);
        values.put("Code", code());
        values.put("Tags", tags());
        Object tracing = props.get("Tracing");
        values.remove("TracingConfig");
        if (tracing != null && !"Disabled".equals(parameters.rewrite(tracing))) {
            values.put("TracingConfig", object("Mode", tracing));
        }
        values.remove("DeadLetterConfig");
        if (dlq != null) {
            values.put("DeadLetterConfig", object("TargetArn", dlq.get("TargetArn")));
        }
        if (props.get("CapacityProviderConfig") instanceof Map<?, ?> capacity) {
            Map<String, Object> config = object("CapacityProviderArn", capacity.get("Arn"),
                    "PerExecutionEnvironmentMaxConcurrency", capacity.get("PerExecutionEnvironmentMaxConcurrency"),
                    "ExecutionEnvironmentMemoryGiBPerVCpu", capacity.get("ExecutionEnvironmentMemoryGiBPerVCpu"));
            values.put("CapacityProviderConfig", object("LambdaManagedInstancesCapacityProviderConfig", config));
        }
        if (props.get("AutoPublishCodeSha256") != null) {
            Object sha = parameters.rewrite(props.get("AutoPublishCodeSha256"));
            if (!(sha instanceof String)) {
                throw invalid("AutoPublishCodeSha256 must be a string");
            }
            Object description = parameters.rewrite(props.get("Description"));
            if (description == null || description instanceof String s && s.isEmpty()) {
                values.put("Description", sha);
            } else if (description instanceof String s) {
                values.put("Description", s + " " + sha);
            } else {
                values.put("Description", object("Fn::Join", List.of(" ", List.of(description, sha))));
            }
        }
        Map<String, Object> function = new LinkedHashMap<>();
        for (String name : PASSED_THROUGH) {
            if (values.get(name) != null) {
                function.put(name, values.get(name));
            }
        }
        String packageType = String.valueOf(props.getOrDefault("PackageType", "Zip"));
        if (!List.of("Zip", "Image").contains(packageType)) {
            throw invalid("PackageType needs to be `Zip` or `Image`");
        }
        if (packageType.equals("Zip") && (function.get("Runtime") == null || function.get("Handler") == null)) {
            throw invalid("Runtime and Handler needs to be present when PackageType is of type `Zip`");
        }
        return function;
    }

    /** Lambda's Code from InlineCode, CodeUri (an S3 URI, an S3 object, or a local path) or ImageUri. */
    private Map<String, Object> code() {
        String packageType = String.valueOf(props.getOrDefault("PackageType", "Zip"));
        if (packageType.equals("Image")) {
            if (props.get("ImageUri") == null) {
                throw invalid("'ImageUri' must be set.");
            }
            return object("ImageUri", props.get("ImageUri"));
        }
        Map<String, Object> code;
        if (props.get("InlineCode") != null) {
            code = object("ZipFile", props.get("InlineCode"));
        } else if (props.get("CodeUri") instanceof Map<?, ?> location) {
            if (location.get("Bucket") == null || location.get("Key") == null) {
                throw invalid("'CodeUri' requires Bucket and Key properties to be specified.");
            }
            code = object("S3Bucket", location.get("Bucket"), "S3Key", location.get("Key"),
                    "S3ObjectVersion", location.get("Version"));
        } else if (props.get("CodeUri") instanceof String uri) {
            code = uri.startsWith("s3://") ? s3Code(uri) : object("S3Bucket", LOCAL_CODE_BUCKET, "S3Key", uri);
        } else if (props.get("CodeUri") != null) {
            throw invalid("'CodeUri' must be of type dict or string.");
        } else {
            throw invalid("Only one of 'InlineCode' or 'CodeUri' can be set.");
        }
        if (props.get("SourceKMSKeyArn") != null) {
            code.put("SourceKMSKeyArn", props.get("SourceKMSKeyArn"));
        }
        return code;
    }

    private Map<String, Object> s3Code(String uri) {
        URI parsed;
        try {
            parsed = URI.create(uri);
        } catch (IllegalArgumentException e) {
            parsed = null;
        }
        if (parsed == null || parsed.getHost() == null || parsed.getRawPath() == null
                || parsed.getRawPath().isEmpty()) {
            throw invalid("'CodeUri' is not a valid S3 Uri of the form 's3://bucket/key' with optional versionId"
                    + " query parameter.");
        }
        String version = null;
        if (parsed.getRawQuery() != null) {
            for (String pair : parsed.getRawQuery().split("&")) {
                if (pair.startsWith("versionId=")) {
                    version = URLDecoder.decode(pair.substring("versionId=".length()), StandardCharsets.UTF_8);
                }
            }
        }
        return object("S3Bucket", parsed.getHost(), "S3Key", parsed.getPath().replaceFirst("^/+", ""),
                "S3ObjectVersion", version);
    }

    /** SAM's tag first, then the function's own. */
    private List<Object> tags() {
        List<Object> tags = new ArrayList<>();
        tags.add(object("Key", "lambda:createdBy", "Value", "SAM"));
        Map<String, Object> own = TemplateValues.map(props.get("Tags"), where("Tags"));
        own.forEach((key, value) -> {
            if (key.equals("lambda:createdBy")) {
                throw invalid("lambda:createdBy is a reserved Tag key name and cannot be set on your resource."
                        + " Please change the tag key in the input.");
            }
            tags.add(object("Key", key, "Value", value == null ? "" : value));
        });
        return tags;
    }

    // ---- AutoPublishAlias ----

    private String aliasName() {
        Object resolved = parameters.rewrite(props.get("AutoPublishAlias"));
        if (!(resolved instanceof String name)) {
            throw invalid("'AutoPublishAlias' must be a string or a Ref to a template parameter");
        }
        if (name.isEmpty()) {
            throw invalid("Alias name is required to create an alias");
        }
        if (!ALIAS_NAME.matcher(name).matches()) {
            throw invalid("AutoPublishAlias name ('" + name + "') must contain only alphanumeric characters, hyphens,"
                    + " or underscores matching (?!^[0-9]+$)([a-zA-Z0-9-_]+) pattern.");
        }
        return name;
    }

    /** {@code <Id>Version<hash>} and {@code <Id>Alias<Name>}; the hash changes when code or configuration does. */
    private void autoPublish(Map<String, Object> functionProps, String aliasName) {
        Object sha = props.get("AutoPublishCodeSha256") == null ? null
                : parameters.rewrite(props.get("AutoPublishCodeSha256"));
        Map<String, Object> hashed;
        if (Boolean.TRUE.equals(props.get("AutoPublishAliasAllProperties"))) {
            hashed = new LinkedHashMap<>(functionProps);
        } else {
            hashed = new LinkedHashMap<>(TemplateValues.map(parameters.rewrite(functionProps.get("Code")), "Code"));
            if (functionProps.get("Environment") instanceof Map<?, ?> environment && !environment.isEmpty()) {
                environment.forEach((k, v) -> hashed.put(String.valueOf(k), v));
            }
            if (isTruthy(functionProps.get("MemorySize"))) {
                hashed.put("MemorySize", functionProps.get("MemorySize"));
            }
            if (functionProps.get("SnapStart") instanceof Map<?, ?> snapStart && !snapStart.isEmpty()
                    && !"None".equals(snapStart.containsKey("ApplyOn") ? snapStart.get("ApplyOn") : "None")) {
                hashed.put("SnapStart", snapStart);
            }
        }
        String versionId = LogicalIds.generate(id + "Version", hashed, sha instanceof String s ? s : null);
        Map<String, Object> versionAttributes = passThrough();
        if (!versionAttributes.containsKey("DeletionPolicy")) {
            versionAttributes.put("DeletionPolicy", props.get("VersionDeletionPolicy") != null
                    ? props.get("VersionDeletionPolicy")
                    : props.get("CapacityProviderConfig") != null ? "Delete" : "Retain");
        }
        Map<String, Object> version = object("FunctionName", ref(id), "Description", props.get("VersionDescription"));
        if (props.get("CapacityProviderConfig") != null && props.get("FunctionScalingConfig") != null) {
            version.put("FunctionScalingConfig", props.get("FunctionScalingConfig"));
        }
        add(versionId, "AWS::Lambda::Version", version, versionAttributes);
        aliasId = id + "Alias" + aliasName.replace("-", "D").replace("_", "U");
        add(aliasId, "AWS::Lambda::Alias", object("Name", aliasName, "FunctionName", ref(id),
                "FunctionVersion", getAtt(versionId, "Version"),
                "ProvisionedConcurrencyConfig", props.get("ProvisionedConcurrencyConfig")), passThrough());
    }

    private static boolean isTruthy(Object value) {
        return value != null && !(value instanceof Number n && n.doubleValue() == 0)
                && !(value instanceof String s && s.isEmpty()) && !Boolean.FALSE.equals(value);
    }

    /** CodeDeploy (DeploymentPreference) is not emulated: its resources are listed as skipped. */
    private void deploymentPreference() {
        if (!(props.get("DeploymentPreference") instanceof Map<?, ?> preference)
                || "false".equalsIgnoreCase(String.valueOf(parameters.rewrite(preference.get("Enabled"))))) {
            return;
        }
        if (aliasId == null) {
            throw invalid("'DeploymentPreference' requires AutoPublishAlias property to be specified.");
        }
        out.resource(aliasId).put("UpdatePolicy", object("CodeDeployLambdaAliasUpdate", object(
                "ApplicationName", ref("ServerlessDeploymentApplication"),
                "DeploymentGroupName", ref(id + "DeploymentGroup"))));
        String reason = "CodeDeploy is not emulated (DeploymentPreference of " + id + "): the alias stands for $LATEST";
        if (!out.has("ServerlessDeploymentApplication")) {
            out.skip(id, "ServerlessDeploymentApplication", "AWS::CodeDeploy::Application",
                    object("ComputePlatform", "Lambda"), null, reason);
        }
        if (preference.get("Role") == null && !out.has("CodeDeployServiceRole")) {
            out.skip(id, "CodeDeployServiceRole", "AWS::IAM::Role", null, null, reason);
        }
        out.skip(id, id + "DeploymentGroup", "AWS::CodeDeploy::DeploymentGroup", null, passThrough(), reason);
    }

    // ---- the execution role ----

    private Map<String, Object> role(Map<String, Object> dlq, List<Map<String, Object>> invokePolicies) {
        List<Object> managed = new ArrayList<>();
        managed.add(managedPolicy("service-role/" + (props.get("DurableConfig") != null
                ? "AWSLambdaBasicDurableExecutionRolePolicy" : "AWSLambdaBasicExecutionRole")));
        Object tracing = props.get("Tracing");
        if (tracing != null && !"Disabled".equals(parameters.rewrite(tracing))) {
            managed.add(managedPolicy("AWSXrayWriteOnlyAccess"));
        }
        if (props.get("VpcConfig") != null) {
            managed.add(managedPolicy("service-role/AWSLambdaVPCAccessExecutionRole"));
        }
        List<Object> inline = new ArrayList<>();
        if (dlq != null) {
            inline.add(object("PolicyName", "DeadLetterQueuePolicy", "PolicyDocument", object("Version", "2012-10-17",
                    "Statement", List.of(object("Action", "SQS".equals(dlq.get("Type")) ? "sqs:SendMessage"
                            : "sns:Publish", "Resource", dlq.get("TargetArn"), "Effect", "Allow")))));
        }
        inline.addAll(invokePolicies);
        Object policies = props.get("Policies");
        List<Object> entries = policies == null ? List.of() : policies instanceof List<?> list
                ? new ArrayList<>(list) : List.of(policies);
        for (int i = 0; i < entries.size(); i++) {
            Object entry = entries.get(i);
            if (entry instanceof String name) {
                String arn = name.startsWith("arn:") ? name
                        : managedPolicy((SERVICE_ROLE_POLICIES.contains(name) ? "service-role/" : "") + name);
                if (!managed.contains(arn)) {
                    managed.add(arn);
                }
            } else if (entry instanceof Map<?, ?> map && (map.containsKey("Statement")
                    || TemplateValues.isIntrinsic(map) && map.containsKey("Fn::If"))) {
                inline.add(object("PolicyName", id + "RolePolicy" + i, "PolicyDocument", entry));
            } else if (TemplateValues.isIntrinsic(entry)) {
                if (!managed.contains(entry)) {
                    managed.add(entry);
                }
            } else {
                // A SAM policy template (SQSPollerPolicy: {...}): kept as written, IAM is not enforced locally.
                inline.add(object("PolicyName", id + "RolePolicy" + i, "PolicyDocument",
                        object("sluice:policyTemplate", entry)));
            }
        }
        Object assume = props.get("AssumeRolePolicyDocument") != null ? props.get("AssumeRolePolicyDocument")
                : object("Version", "2012-10-17", "Statement", List.of(object("Action", List.of("sts:AssumeRole"),
                "Effect", "Allow", "Principal", object("Service", List.of("lambda.amazonaws.com")))));
        return object("AssumeRolePolicyDocument", assume, "ManagedPolicyArns", managed,
                "Policies", inline.isEmpty() ? null : inline, "Path", props.get("RolePath"),
                "PermissionsBoundary", props.get("PermissionsBoundary"), "Tags", tags());
    }

    /** Adds an AWS managed policy to the generated role (events do, e.g. AWSLambdaSQSQueueExecutionRole). */
    void addManagedPolicy(String name) {
        if (role != null) {
            @SuppressWarnings("unchecked")
            List<Object> managed = (List<Object>) role.get("ManagedPolicyArns");
            if (!managed.contains(managedPolicy(name))) {
                managed.add(managedPolicy(name));
            }
        }
    }

    // ---- events ----

    private void events() {
        Map<String, Object> events = TemplateValues.map(props.get("Events"), where("Events"));
        List<Map.Entry<String, Object>> ordered = new ArrayList<>(events.entrySet());
        // SAM orders events by their Path (HttpApi's "$default" first), else by name.
        ordered.sort(Comparator.comparing(e -> e.getValue() instanceof Map<?, ?> m && m.get("Properties")
                instanceof Map<?, ?> p && p.get("Path") instanceof String path ? path : e.getKey()));
        for (Map.Entry<String, Object> event : ordered) {
            Map<String, Object> definition = TemplateValues.map(event.getValue(), where("Events." + event.getKey()));
            Object type = definition.get("Type");
            if (!(type instanceof String eventType)) {
                throw invalid("Event with id [" + event.getKey() + "] is invalid. Type is required");
            }
            Map<String, Object> properties = TemplateValues.copy(TemplateValues.map(definition.get("Properties"),
                    where("Events." + event.getKey() + ".Properties")));
            EventSource.of(eventType).toCloudFormation(this, event.getKey(), eventType, properties);
        }
    }

    /** {@code MyFunction.Alias}, {@code .Version}, {@code .DestinationQueue}, {@code .DestinationTopic}. */
    private void references() {
        Map<String, String> byType = new LinkedHashMap<>();
        for (Map.Entry<String, Object> entry : out.resources().entrySet()) {
            if (entry.getValue() instanceof Map<?, ?> r && generatedHere(entry.getKey())) {
                byType.put(String.valueOf(r.get("Type")), entry.getKey());
            }
        }
        Map<String, String> referable = Map.of("Alias", "AWS::Lambda::Alias", "Version", "AWS::Lambda::Version",
                "DestinationTopic", "AWS::SNS::Topic", "DestinationQueue", "AWS::SQS::Queue");
        referable.forEach((property, type) -> {
            if (byType.containsKey(type)) {
                out.reference(id, property, byType.get(type));
            }
        });
    }

    private final List<String> generated = new ArrayList<>();

    private boolean generatedHere(String logicalId) {
        return generated.contains(logicalId);
    }

    // ---- what events and the event invoke config use ----

    /** Adds a generated resource (recorded for {@link #references()}). */
    Map<String, Object> add(String logicalId, String type, Map<String, Object> properties,
                            Map<String, Object> attributes) {
        generated.add(logicalId);
        return out.add(id, logicalId, type, properties, attributes);
    }

    void skip(String logicalId, String type, Map<String, Object> properties, Map<String, Object> attributes,
              String reason) {
        generated.add(logicalId);
        out.skip(id, logicalId, type, properties, attributes, reason);
    }

    String id() {
        return id;
    }

    /** What event sources name the function by: the alias when AutoPublishAlias is set, else the function. */
    Object functionName() {
        return aliasId != null ? ref(aliasId) : ref(id);
    }

    Object functionArn() {
        return aliasId != null ? ref(aliasId) : getAtt(id, "Arn");
    }

    String aliasId() {
        return aliasId;
    }

    /** The resource attributes every generated resource carries: Condition, DeletionPolicy, UpdateReplacePolicy. */
    Map<String, Object> passThrough() {
        Map<String, Object> attributes = new LinkedHashMap<>();
        for (String name : PASS_THROUGH_ATTRIBUTES) {
            if (resource.get(name) != null) {
                attributes.put(name, resource.get(name));
            }
        }
        return attributes;
    }

    Map<String, Object> properties() {
        return props;
    }

    Map<String, Object> resourceAttributes() {
        return resource;
    }

    ParameterValues parameters() {
        return parameters;
    }

    Translation translation() {
        return out;
    }

    TemplateException invalid(String message) {
        return new TemplateException("Resource with id [" + id + "] is invalid. " + message);
    }

    String where(String property) {
        return "Resources." + id + ".Properties." + property;
    }

    private static String managedPolicy(String pathAndName) {
        return Arn.managedPolicy(pathAndName).toString();
    }

}
