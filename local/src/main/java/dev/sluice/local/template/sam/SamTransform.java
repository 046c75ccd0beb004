package dev.sluice.local.template.sam;

import dev.sluice.local.template.TemplateException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The AWS SAM transform ({@code Transform: AWS::Serverless-2016-10-31}) for what the local cloud emulates, done here
 * in Java as aws-sam-translator does it, so that a SAM template deploys as it is and references to the resources SAM
 * generates ({@code MyFunctionRole}, {@code MyFunction.Alias}, ...) resolve.
 *
 * <p>Transformed: {@code AWS::Serverless::Function} with Globals, its execution role (policies are not enforced
 * locally), AutoPublishAlias (version and alias), DeadLetterQueue, EventInvokeConfig, and events of type SQS,
 * EventBridgeRule / CloudWatchEvent, Schedule and ScheduleV2. Every resource gets the logical id and properties SAM
 * gives it. What the local cloud does not emulate (other SAM resource types, other event types, SAM's implicit APIs,
 * CodeDeploy, function URLs, EventBridge Scheduler) stays in the template as a resource marked with Metadata
 * {@value #SKIPPED}, whose value says why, so the deployer lists it as skipped and can name it when something
 * refers to it.
 */
public final class SamTransform {

    /** The transform's name in a template's {@code Transform}. */
    public static final String TRANSFORM = "AWS::Serverless-2016-10-31";
    /** Metadata key of a resource the local cloud does not create; its value is the reason. */
    public static final String SKIPPED = "sluice:skipped";

    private static final String SAM_PREFIX = "AWS::Serverless::";
    private static final Map<String, String> NOT_EMULATED = Map.ofEntries(
            Map.entry("AWS::Serverless::Api", "API Gateway is not emulated"),
            Map.entry("AWS::Serverless::HttpApi", "API Gateway (HTTP APIs) is not emulated"),
            Map.entry("AWS::Serverless::WebSocketApi", "API Gateway (WebSocket APIs) is not emulated"),
            Map.entry("AWS::Serverless::SimpleTable", "DynamoDB is not emulated"),
            Map.entry("AWS::Serverless::StateMachine", "Step Functions is not emulated"),
            Map.entry("AWS::Serverless::GraphQLApi", "AppSync is not emulated"),
            Map.entry("AWS::Serverless::LayerVersion", "layers are not used locally: a function's own zip or jar"
                    + " must bring its dependencies"),
            Map.entry("AWS::Serverless::Application", "nested applications (Serverless Application Repository) are"
                    + " not deployed locally"),
            Map.entry("AWS::Serverless::Connector", "connectors grant IAM permissions, which the local cloud does not"
                    + " enforce"));

    private SamTransform() {
    }

    /** True when the template declares the SAM transform. */
    public static boolean applies(Map<String, Object> template) {
        Object transform = template.get("Transform");
        return TRANSFORM.equals(transform) || transform instanceof List<?> list && list.contains(TRANSFORM);
    }

    /**
     * The CloudFormation template SAM would produce (function code stays where CodeUri names it). For tests that
     * compare the transform with aws-sam-translator's.
     *
     * @param parameters values replacing the Defaults of the template's Parameters
     */
    public static Map<String, Object> toCloudFormation(Map<String, Object> template, Map<String, String> parameters,
                                                       String region) {
        return transform(template, parameters, region, null, line -> { });
    }

    /**
     * The CloudFormation template to deploy locally: as {@link #toCloudFormation(Map, Map, String)}, and the local
     * code of each Java function located on disk ({@link BuiltCode}), relative to {@code templateDir}.
     *
     * @param log receives info lines (which build output a function runs)
     */
    public static Map<String, Object> toCloudFormation(Map<String, Object> template, Map<String, String> parameters,
                                                       String region, Path templateDir, Consumer<String> log) {
        return transform(template, parameters, region, templateDir, log);
    }

    private static Map<String, Object> transform(Map<String, Object> source, Map<String, String> overrides,
                                                 String region, Path templateDir, Consumer<String> log) {
        Map<String, Object> template = TemplateValues.copy(source);
        checkTransforms(template.get("Transform"));
        ParameterValues parameters = ParameterValues.of(template, overrides, region);
        Globals globals = Globals.of(template);
        Map<String, Object> original = TemplateValues.map(template.get("Resources"), "Resources");
        Map<String, Object> conditions = TemplateValues.map(template.get("Conditions"), "Conditions");
        Translation out = new Translation(original, conditions);
        for (Map.Entry<String, Object> entry : original.entrySet()) {
            String id = entry.getKey();
            Map<String, Object> resource = TemplateValues.map(entry.getValue(), "Resources." + id);
            resource.remove("Connectors");
            Object type = resource.get("Type");
            if (!(type instanceof String t) || !t.startsWith(SAM_PREFIX)) {
                if (!out.has(id)) {
                    out.keep(id, resource);
                }
                continue;
            }
            Map<String, Object> properties = TemplateValues.map(resource.get("Properties"),
                    "Resources." + id + ".Properties");
            Map<String, Object> merged = globals.merge(id, t, properties, resource.get("IgnoreGlobals"));
            if (t.equals(SamFunction.TYPE)) {
                new SamFunction(id, resource, TemplateValues.copy(merged), parameters, out).toCloudFormation();
            } else {
                Map<String, Object> attributes = new LinkedHashMap<>(resource);
                attributes.remove("Type");
                attributes.remove("Properties");
                attributes.remove("IgnoreGlobals");
                out.skip(id, id, t, merged, attributes, NOT_EMULATED.getOrDefault(t, t + " is not emulated"));
            }
        }
        Map<String, Object> result = new LinkedHashMap<>();
        template.forEach((key, value) -> {
            if (!key.equals("Transform") && !key.equals(Globals.SECTION)) {
                result.put(key, value);
            }
        });
        PropertyReferences references = new PropertyReferences(out.references());
        result.put("Resources", references.rewrite(out.resources()));
        if (!conditions.isEmpty()) {
            result.put("Conditions", conditions);
        }
        if (result.get("Outputs") != null) {
            result.put("Outputs", references.rewrite(result.get("Outputs")));
        }
        if (templateDir != null) {
            locateCode(TemplateValues.map(result.get("Resources"), "Resources"), original, parameters, templateDir,
                    log);
        }
        return result;
    }

    private static void checkTransforms(Object transform) {
        List<?> names = transform == null ? List.of() : transform instanceof List<?> list ? list : List.of(transform);
        for (Object name : names) {
            if (!TRANSFORM.equals(name)) {
                throw new TemplateException("Transform " + name + " is not supported locally (only " + TRANSFORM
                        + " is)");
            }
        }
    }

    /** Points each Java function generated from a SAM function with a local CodeUri at its code on disk. */
    private static void locateCode(Map<String, Object> resources, Map<String, Object> original,
                                   ParameterValues parameters, Path templateDir, Consumer<String> log) {
        for (Map.Entry<String, Object> entry : resources.entrySet()) {
            Map<String, Object> resource = TemplateValues.map(entry.getValue(), entry.getKey());
            if (!"AWS::Lambda::Function".equals(resource.get("Type")) || !(original.get(entry.getKey())
                    instanceof Map<?, ?> sam) || !SamFunction.TYPE.equals(sam.get("Type"))) {
                continue;
            }
            Map<String, Object> properties = TemplateValues.map(resource.get("Properties"), entry.getKey());
            Object runtime = parameters.rewrite(properties.get("Runtime"));
            if (!(runtime instanceof String r && r.startsWith("java"))
                    || !(properties.get("Code") instanceof Map<?, ?> code)
                    || !SamFunction.LOCAL_CODE_BUCKET.equals(code.get("S3Bucket"))
                    || !(parameters.rewrite(code.get("S3Key")) instanceof String codeUri)) {
                continue;
            }
            Map<String, Object> located = new LinkedHashMap<>(TemplateValues.map(code, "Code"));
            located.put("S3Key", BuiltCode.locate(entry.getKey(), codeUri, templateDir, log).toString());
            properties.put("Code", located);
        }
    }
}
