package dev.sluice.local.template;

import dev.sluice.local.core.CloudContext;
import dev.sluice.local.template.sam.SamProject;
import dev.sluice.local.template.sam.SamTransform;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import software.amazon.awssdk.core.exception.SdkException;





/**
 * Deploys CloudFormation templates (JSON or YAML, hand-written or from {@code cdk synth}) to a local cloud by
 * calling it through the AWS SDK, so it works against any endpoint that speaks SQS, EventBridge and Lambda (and
 * CloudWatch Logs, for log groups).
 *
 * <p>Which types it makes, which it accepts without enforcing them and which it skips is data: {@link Provisioners}.
 * Exports of stacks deployed by the same deployer are visible to {@code Fn::ImportValue} in later stacks.
 */
public final class TemplateDeployer implements AutoCloseable {

    private final CloudContext context;
    private final Consumer<String> log;
    private final ServiceClients clients;
    private final Provisioners provisioners;
    private final Map<String, String> exports = new LinkedHashMap<>();
    private final Map<String, String> exportingStack = new HashMap<>();

    /**
     * @param endpoint the local cloud's edge, e.g. {@code http://127.0.0.1:4566}
     * @param region   e.g. {@code us-east-1}
     * @param log      receives one line per notable step (info, warnings); never credentials
     */
    public TemplateDeployer(URI endpoint, String region, Consumer<String> log) {
        this.context = CloudContext.local(endpoint, region);
        this.log = log;
        this.clients = ServiceClients.local(context);
        this.provisioners = new Provisioners(clients, context, log);
    }

    /**
     * Deploys one template file; the stack is named after the file ({@code orders.yaml} -> {@code orders}). A SAM
     * project's {@code template.yaml} deploys as {@code sam} would: the build template {@code .aws-sam/build/} holds
     * when it is current, and {@code samconfig.toml} gives the stack name and parameter overrides.
     */
    public DeployResult deploy(Path templateFile) {
        SamProject sam = SamProject.of(templateFile);
        sam.notes().forEach(log);
        return deploy(sam.template(), sam.stackName().orElse(stackName(templateFile)), sam.parameterOverrides());
    }

    /**
     * Deploys one template file. Relative code paths (Metadata {@code aws:asset:path}, {@code Code.S3Key} with
     * bucket {@code hot-reload}) are read relative to the template's folder.
     *
     * @param parameters values replacing the Defaults of the template's Parameters
     */
    public DeployResult deploy(Path templateFile, String stackName, Map<String, String> parameters) {
        Map<String, Object> template = TemplateReader.read(templateFile);
        Path folder = templateFile.toAbsolutePath().getParent();
        return deploy(template, folder, stackName, parameters);
    }

    /** Deploys a template given as text (JSON or YAML); relative code paths are read relative to {@code baseDir}. */
    public DeployResult deploy(String templateText, Path baseDir, String stackName, Map<String, String> parameters) {
        return deploy(TemplateReader.parse(templateText), baseDir.toAbsolutePath(), stackName, parameters);
    }

    /**
     * Deploys every stack of a cloud assembly (the {@code cdk.out} folder written by {@code cdk synth}) in the
     * order of the manifest's dependencies.
     */
    public List<DeployResult> deployCloudAssembly(Path cdkOut) {
        CloudAssembly assembly = CloudAssembly.read(cdkOut);
        for (String nested : assembly.nested()) {
            log.accept("warning: nested cloud assembly " + nested + " (a CDK Stage) is not deployed");
        }
        List<DeployResult> results = new ArrayList<>();
        for (CloudAssembly.Stack stack : assembly.stacks()) {
            results.add(deploy(stack.template(), stack.stackName(), stack.parameters()));
        }
        return results;
    }

    /** Exports of the stacks deployed so far, by export name. */
    public Map<String, String> exports() {
        return Map.copyOf(exports);
    }

    DeployResult deploy(Map<String, Object> template, Path baseDir, String stackName, Map<String, String> parameters) {
        if (template.containsKey("Rules")) {
            log.accept("info: stack " + stackName + ": Rules " + StackScope.section(template, "Rules").keySet()
                    + " are not evaluated locally (the CDK's CheckBootstrapVersion needs a bootstrapped account)");
        }
        if (SamTransform.applies(template)) {
            log.accept("info: stack " + stackName + ": applying the SAM transform (" + SamTransform.TRANSFORM + ")");
            template = SamTransform.toCloudFormation(template, parameters, context.region(), baseDir, log);
        }
        StackScope scope = new StackScope(stackName, context, template, parameters, exports);
        IntrinsicResolver resolver = new IntrinsicResolver(scope);
        Map<String, Object> outputsSection = StackScope.section(template, "Outputs");
        List<DeployedResource> deployed = new ArrayList<>();
        for (String id : DeploymentOrder.of(scope, outputsSection)) {
            deployed.add(deployResource(scope, resolver, id, baseDir));
        }
        Map<String, String> outputs = outputs(stackName, resolver, outputsSection);
        return new DeployResult(stackName, deployed, outputs);
    }

    private DeployedResource deployResource(StackScope scope, IntrinsicResolver resolver, String id, Path baseDir) {
        Map<String, Object> resource = StackScope.asMap(scope.resources().get(id), "Resources." + id);
        Object typeValue = resource.get("Type");
        if (!(typeValue instanceof String type)) {
            throw new TemplateException("resource " + id + " has no Type");
        }
        Map<String, Object> metadata = resource.get("Metadata") instanceof Map<?, ?> m
                ? StackScope.asMap(m, "Resources." + id + ".Metadata") : Map.of();
        Object condition = resource.get("Condition");
        if (condition != null && !resolver.condition(String.valueOf(condition))) {
            return new DeployedResource(id, type, id, ResourceStatus.SKIPPED, "condition " + condition + " is false",
                    metadata);
        }
        if (metadata.get(SamTransform.SKIPPED) != null) {
            return skipped(scope, id, type, String.valueOf(metadata.get(SamTransform.SKIPPED)), metadata);
        }
        Object raw = resource.getOrDefault("Properties", Map.of());
        PropertyResolution.Resolved resolution;
        try {
            resolution = PropertyResolution.resolve(resolver, id, type, raw, Provisioners.notEnforced(type));
        } catch (SkippedReference e) {
            return skipped(scope, id, type, e.because(), metadata);
        }
        resolution.notes().forEach(note -> log.accept("warning: stack " + scope.stackName() + ": " + note));
        Object resolved = resolution.properties();
        ResourceProperties props = new ResourceProperties(scope.stackName(), id,
                resolved == StackScope.NO_VALUE ? Map.of() : StackScope.asMap(resolved, "Resources." + id + ".Properties"));
        String blocked = EmulatedProperties.blocked(type, props.asMap());
        if (blocked != null) {
            return skipped(scope, id, type, blocked, metadata);
        }
        Provisioned result;
        try {
            result = provisioners.provision(type, props, metadata, baseDir);
        } catch (SdkException e) {
            throw new TemplateException("stack " + scope.stackName() + ": creating resource " + id + " (" + type
                    + ") failed: " + e.getMessage(), e);
        }
        if (result.status() == ResourceStatus.SKIPPED) {
            return skipped(scope, id, type, result.detail(), metadata);
        }
        boolean placeholder = result.status() == ResourceStatus.NOT_ENFORCED;
        scope.putDeployed(id, new StackScope.Deployed(type, result.ref(), result.attributes(), placeholder));
        List<String> ignored = placeholder || !(raw instanceof Map<?, ?> written) ? List.of()
                : EmulatedProperties.ignored(type, StackScope.asMap(written, "Resources." + id + ".Properties"));
        return new DeployedResource(id, type, result.physicalId(), result.status(), result.detail(), metadata, ignored);
    }

    /** A resource not created locally: references to it say why instead of getting a made-up value. */
    private DeployedResource skipped(StackScope scope, String id, String type, String reason,
                                     Map<String, Object> metadata) {
        scope.putDeployed(id, new StackScope.Deployed(type, id, Map.of(), true, reason));
        log.accept("warning: stack " + scope.stackName() + ": skipped " + id + " (" + type + "): " + reason);
        return new DeployedResource(id, type, id, ResourceStatus.SKIPPED, reason, metadata);
    }

    private Map<String, String> outputs(String stackName, IntrinsicResolver resolver, Map<String, Object> section) {
        Map<String, String> outputs = new LinkedHashMap<>();
        for (Map.Entry<String, Object> entry : section.entrySet()) {
            String where = "Outputs." + entry.getKey();
            Map<String, Object> output = StackScope.asMap(entry.getValue(), where);
            Object condition = output.get("Condition");
            if (condition != null && !resolver.condition(String.valueOf(condition))) {
                continue;
            }
            String value;
            try {
                value = asText(resolver.resolve(output.get("Value"), where + ".Value"), where + ".Value");
            } catch (SkippedReference e) {
                log.accept("warning: stack " + stackName + ": " + e.describe(where) + ": output left out");
                continue;
            }
            outputs.put(entry.getKey(), value);
            if (output.get("Export") != null) {
                Object name = StackScope.asMap(resolver.resolve(output.get("Export"), where + ".Export"), where + ".Export")
                        .get("Name");
                String exportName = asText(name, where + ".Export.Name");
                String owner = exportingStack.get(exportName);
                if (owner != null && !owner.equals(stackName)) {
                    throw new TemplateException(where + ": export " + exportName + " is already exported by stack "
                            + owner);
                }
                exports.put(exportName, value);
                exportingStack.put(exportName, stackName);
            }
        }
        return outputs;
    }

    private static String asText(Object value, String where) {
        if (value instanceof List<?> list) {
            return String.join(",", list.stream().map(v -> IntrinsicResolver.text(v, where)).toList());
        }
        if (value == null || value == StackScope.NO_VALUE) {
            throw new TemplateException(where + " is required");
        }
        return IntrinsicResolver.text(value, where);
    }

    static String stackName(Path templateFile) {
        String name = templateFile.getFileName().toString();
        for (String ending : List.of(".template.json", ".template.yaml", ".template.yml", ".json", ".yaml", ".yml",
                ".template")) {
            if (name.endsWith(ending)) {
                return name.substring(0, name.length() - ending.length());
            }
        }
        return name;
    }

    @Override
    public void close() {
        clients.close();
    }
}
