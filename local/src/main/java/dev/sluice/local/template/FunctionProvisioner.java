package dev.sluice.local.template;

import dev.sluice.local.core.Arn;
import dev.sluice.local.core.CloudContext;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.DeadLetterConfig;
import software.amazon.awssdk.services.lambda.model.DestinationConfig;
import software.amazon.awssdk.services.lambda.model.EphemeralStorage;
import software.amazon.awssdk.services.lambda.model.Environment;
import software.amazon.awssdk.services.lambda.model.EventSourceMappingConfiguration;
import software.amazon.awssdk.services.lambda.model.FunctionCode;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.lambda.model.LambdaException;
import software.amazon.awssdk.services.lambda.model.OnFailure;
import software.amazon.awssdk.services.lambda.model.OnSuccess;
import software.amazon.awssdk.services.lambda.model.ResourceConflictException;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;
import software.amazon.awssdk.services.lambda.model.ProvisionedPollerConfig;
import software.amazon.awssdk.services.lambda.model.RuntimeVersionConfig;
import software.amazon.awssdk.services.lambda.model.ScalingConfig;

/**
 * {@code AWS::Lambda::Function}, {@code ::EventSourceMapping}, {@code ::Permission} and {@code ::EventInvokeConfig}.
 * Function code is handed to the local cloud as a path (Code.S3Bucket {@value #HOT_RELOAD}, S3Key = absolute path of
 * the zip or folder), never uploaded.
 */
record FunctionProvisioner(LambdaClient lambda, software.amazon.awssdk.services.sqs.SqsClient sqs, CloudContext context,
                           Consumer<String> log) {

    static final String HOT_RELOAD = "hot-reload";
    /** How the local cloud's RuntimeVersionArn names the JDK that runs a function: {@code ...::runtime:local-jdk-25.0.3}. */
    private static final String LOCAL_JDK = "::runtime:local-jdk-";
    private static final String ASSET_PATH = "aws:asset:path";
    /** Lambda's defaults for Timeout and MemorySize, which an unchanged template leaves unset both times. */
    private static final int DEFAULT_TIMEOUT = 3;
    private static final int DEFAULT_MEMORY = 128;

    Provisioned function(ResourceProperties props, Map<String, Object> metadata, Path templateDir) {
        String name = props.has("FunctionName") ? props.string("FunctionName") : props.generatedName(64, "");
        String runtime = props.required("Runtime");
        if (!runtime.startsWith("java")) {
            return new Provisioned(name, name, Map.of("Arn", arn(name)), ResourceStatus.SKIPPED,
                    "runtime " + runtime + " is not run by the local cloud (Java runtimes only)");
        }
        Path code = code(props, metadata, templateDir);
        outsideTemplateFolder(code, templateDir).ifPresent(where -> log.accept("warning: function " + name
                + " (resource " + props.logicalId() + ") runs code from " + where + ", outside the template's folder "
                + templateDir + "; check that the template is yours and meant to run that code"));
        FunctionCode functionCode = FunctionCode.builder().s3Bucket(HOT_RELOAD).s3Key(code.toString()).build();
        String handler = props.required("Handler");
        String role = props.has("Role") ? props.string("Role")
                : context.globalArn("iam", "role/sluice-local").toString();
        Environment environment = environment(props);
        Settings settings = settings(props);
        FunctionConfiguration existing = existing(name);
        String detail = "code " + code;
        RuntimeVersionConfig runtimeVersion;
        String functionArn;
        boolean unchanged = false;
        if (existing != null) {
            // Only what changed is updated: an update makes a new version, which retires the function's
            // environments (CloudFormation, too, leaves an unchanged function alone).
            boolean sameCode = sameCode(existing, code) && settings.architectures().equals(existing.architecturesAsStrings());
            boolean sameConfiguration = sameConfiguration(existing, runtime, handler, role, environment, props)
                    && settings.sameAs(existing);
            FunctionConfiguration result = sameCode && sameConfiguration ? existing : update(name, runtime, handler,
                    role, environment, functionCode, props, settings, sameCode, sameConfiguration);
            functionArn = result.functionArn();
            runtimeVersion = result.runtimeVersionConfig();
            unchanged = sameCode && sameConfiguration;
        } else {
            var created = lambda.createFunction(b -> b.functionName(name).runtime(runtime).handler(handler).role(role)
                    .code(functionCode).timeout(props.integer("Timeout")).memorySize(props.integer("MemorySize"))
                    .environment(environment).description(props.string("Description"))
                    .architecturesWithStrings(settings.architectures()).ephemeralStorage(settings.ephemeralStorage())
                    .deadLetterConfig(settings.deadLetterConfig()));
            functionArn = created.functionArn();
            runtimeVersion = created.runtimeVersionConfig();
        }
        detail += jdkNote(runtimeVersion) + settings.notes() + (unchanged ? " (unchanged)" : "");
        reservedConcurrency(name, props.integer("ReservedConcurrentExecutions"));
        String arnValue = functionArn == null ? arn(name) : functionArn;
        return new Provisioned(name, name, Map.of("Arn", arnValue),
                existing != null ? ResourceStatus.UPDATED : ResourceStatus.CREATED, detail);
    }

    /**
     * What the local cloud said about the JDK that runs the function (RuntimeVersionConfig: the JDK's version at the end
     * of the ARN, an error when the runtime does not run on its own version): {@code ; Java 25.0.3}, empty from another
     * emulator.
     */
    static String jdkNote(RuntimeVersionConfig config) {
        if (config == null || config.runtimeVersionArn() == null) {
            return "";
        }
        String arn = config.runtimeVersionArn();
        int at = arn.indexOf(LOCAL_JDK);
        if (at < 0) {
            return "";
        }
        // the notice itself (which JDK was looked for, where) is the local cloud's warning line; the table stays short
        boolean ownVersion = config.error() == null || config.error().message() == null;
        return "; Java " + arn.substring(at + LOCAL_JDK.length()) + (ownVersion ? "" : " (not the runtime's own version)");
    }

    /**
     * The function properties besides code and configuration that the local cloud acts on: Architectures (it runs on
     * this machine's), EphemeralStorage (the size of /tmp) and an SQS DeadLetterConfig; {@code notes} says what was
     * left out.
     */
    private record Settings(List<String> architectures, EphemeralStorage ephemeralStorage,
                            DeadLetterConfig deadLetterConfig, String notes) {

        boolean sameAs(FunctionConfiguration existing) {
            int size = ephemeralStorage == null ? 512 : ephemeralStorage.size();
            int existingSize = existing.ephemeralStorage() == null ? 512 : existing.ephemeralStorage().size();
            String target = deadLetterConfig == null ? "" : deadLetterConfig.targetArn();
            String existingTarget = existing.deadLetterConfig() == null || existing.deadLetterConfig().targetArn() == null
                    ? "" : existing.deadLetterConfig().targetArn();
            return size == existingSize && target.equals(existingTarget);
        }
    }

    private static Settings settings(ResourceProperties props) {
        List<String> architectures = props.has("Architectures") ? props.strings("Architectures") : List.of("x86_64");
        ResourceProperties storage = props.object("EphemeralStorage");
        EphemeralStorage ephemeralStorage = storage == null || storage.integer("Size") == null ? null
                : EphemeralStorage.builder().size(storage.integer("Size")).build();
        ResourceProperties deadLetter = props.object("DeadLetterConfig");
        String target = deadLetter == null ? null : deadLetter.string("TargetArn");
        DeadLetterConfig deadLetterConfig = null;
        String notes = "";
        if (target != null && Arn.isOf(target, "sqs")) {
            deadLetterConfig = DeadLetterConfig.builder().targetArn(target).build();
        } else if (target != null && !target.isEmpty()) {
            notes = "; DeadLetterConfig " + target + " left out (only SQS queues are emulated)";
        }
        return new Settings(architectures, ephemeralStorage, deadLetterConfig, notes);
    }

    private FunctionConfiguration update(String name, String runtime, String handler, String role,
                                         Environment environment, FunctionCode code, ResourceProperties props,
                                         Settings settings, boolean sameCode, boolean sameConfiguration) {
        try {
            FunctionConfiguration result = null;
            if (!sameCode) {
                var updated = lambda.updateFunctionCode(b -> b.functionName(name).s3Bucket(code.s3Bucket())
                        .s3Key(code.s3Key()).architecturesWithStrings(settings.architectures()));
                result = FunctionConfiguration.builder().functionArn(updated.functionArn())
                        .runtimeVersionConfig(updated.runtimeVersionConfig()).build();
            }
            if (sameConfiguration) {
                return result;
            }
            var updated = lambda.updateFunctionConfiguration(b -> b.functionName(name).runtime(runtime)
                    .handler(handler).role(role).timeout(props.integer("Timeout"))
                    .memorySize(props.integer("MemorySize")).environment(environment)
                    .description(props.string("Description"))
                    .ephemeralStorage(settings.ephemeralStorage() == null
                            ? EphemeralStorage.builder().size(512).build() : settings.ephemeralStorage())
                    .deadLetterConfig(settings.deadLetterConfig() == null
                            ? DeadLetterConfig.builder().targetArn("").build() : settings.deadLetterConfig()));
            return FunctionConfiguration.builder().functionArn(updated.functionArn())
                    .runtimeVersionConfig(updated.runtimeVersionConfig()).build();
        } catch (LambdaException e) {
            // A local cloud without in-place updates: replace the function.
            lambda.deleteFunction(b -> b.functionName(name));
            var created = lambda.createFunction(b -> b.functionName(name).runtime(runtime).handler(handler).role(role)
                    .code(code).timeout(props.integer("Timeout")).memorySize(props.integer("MemorySize"))
                    .environment(environment).description(props.string("Description"))
                    .architecturesWithStrings(settings.architectures()).ephemeralStorage(settings.ephemeralStorage())
                    .deadLetterConfig(settings.deadLetterConfig()));
            return FunctionConfiguration.builder().functionArn(created.functionArn())
                    .runtimeVersionConfig(created.runtimeVersionConfig()).build();
        }
    }

    /**
     * ReservedConcurrentExecutions, applied as PutFunctionConcurrency (absent: removed, as CloudFormation does): it
     * caps the function's environments locally too, so the throttling trap shows as it would on AWS.
     */
    private void reservedConcurrency(String name, Integer reserved) {
        if (reserved != null) {
            lambda.putFunctionConcurrency(b -> b.functionName(name).reservedConcurrentExecutions(reserved));
        } else {
            lambda.deleteFunctionConcurrency(b -> b.functionName(name));
        }
    }

    /** The function's configuration, or null when there is no such function. */
    private FunctionConfiguration existing(String name) {
        try {
            return lambda.getFunction(b -> b.functionName(name)).configuration();
        } catch (ResourceNotFoundException e) {
            return null;
        }
    }

    /**
     * Whether the function already runs this code: a zip with the same SHA-256 (AWS's CodeSha256, base64). A folder
     * is given again every time, since its classes may have changed under the same path.
     */
    private boolean sameCode(FunctionConfiguration existing, Path code) {
        if (Files.isDirectory(code)) {
            return false;
        }
        try (InputStream in = Files.newInputStream(code)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
            return Base64.getEncoder().encodeToString(digest.digest()).equals(existing.codeSha256());
        } catch (IOException | NoSuchAlgorithmException e) {
            return false;
        }
    }

    private static boolean sameConfiguration(FunctionConfiguration existing, String runtime, String handler,
                                             String role, Environment environment, ResourceProperties props) {
        Integer timeout = props.integer("Timeout");
        Integer memory = props.integer("MemorySize");
        String description = props.string("Description");
        Map<String, String> variables = environment == null ? Map.of() : environment.variables();
        Map<String, String> existingVariables = existing.environment() == null || existing.environment().variables() == null
                ? Map.of() : existing.environment().variables();
        return runtime.equals(existing.runtimeAsString()) && handler.equals(existing.handler())
                && role.equals(existing.role())
                && (timeout == null ? DEFAULT_TIMEOUT : timeout) == existing.timeout()
                && (memory == null ? DEFAULT_MEMORY : memory) == existing.memorySize()
                && (description == null ? "" : description).equals(existing.description() == null ? ""
                : existing.description())
                && variables.equals(existingVariables);
    }

    private static Environment environment(ResourceProperties props) {
        ResourceProperties env = props.object("Environment");
        ResourceProperties variables = env == null ? null : env.object("Variables");
        if (variables == null) {
            return null;
        }
        Map<String, String> values = new LinkedHashMap<>();
        variables.asMap().forEach((k, v) -> values.put(k, IntrinsicResolver.text(v,
                props.where("Environment.Variables." + k))));
        return Environment.builder().variables(values).build();
    }

    /** Where the function's code is on this machine; the template's folder anchors relative paths. */
    static Path code(ResourceProperties props, Map<String, Object> metadata, Path templateDir) {
        Path path = null;
        Object asset = metadata.get(ASSET_PATH);
        ResourceProperties code = props.object("Code");
        if (asset != null) {
            path = templateDir.resolve(String.valueOf(asset));
        } else if (code != null && HOT_RELOAD.equals(code.string("S3Bucket"))) {
            path = templateDir.resolve(code.required("S3Key"));
        } else if (code != null && code.has("ZipFile")) {
            throw new TemplateException(props.where("Code.ZipFile") + ": inline source cannot run on a Java runtime;"
                    + " give the built zip as Metadata " + ASSET_PATH + " or Code: {S3Bucket: " + HOT_RELOAD
                    + ", S3Key: <path relative to the template>}");
        } else if (code != null && code.has("S3Key")) {
            // A CDK asset without asset metadata: cdk.out holds it as asset.<hash>.zip or the folder asset.<hash>.
            String key = code.string("S3Key");
            for (String candidate : List.of("asset." + key, "asset." + key.replaceFirst("\\.zip$", ""))) {
                if (Files.exists(templateDir.resolve(candidate))) {
                    path = templateDir.resolve(candidate);
                    break;
                }
            }
        }
        if (path == null) {
            throw new TemplateException(props.where("Code") + ": no local code found; give Metadata " + ASSET_PATH
                    + " or Code: {S3Bucket: " + HOT_RELOAD + ", S3Key: <path relative to the template>}");
        }
        path = path.toAbsolutePath().normalize();
        if (!Files.exists(path)) {
            throw new TemplateException(props.where("Code") + ": " + path + " does not exist (build the function first)");
        }
        return path;
    }

    /**
     * Where {@code code} really is when that is outside {@code templateDir}, after resolving {@code ..} and symbolic
     * links; empty when it is inside. A template can name any path on this machine as code to run (a cloud assembly's
     * assets are inside its folder; a hand-written template may rightly point at a build folder elsewhere), so this
     * is a warning, not a refusal.
     */
    static Optional<Path> outsideTemplateFolder(Path code, Path templateDir) {
        Path real;
        Path folder;
        try {
            real = code.toRealPath();
            folder = templateDir.toRealPath();
        } catch (IOException e) {
            real = code.toAbsolutePath().normalize();
            folder = templateDir.toAbsolutePath().normalize();
        }
        return real.startsWith(folder) ? Optional.empty() : Optional.of(real);
    }

    Provisioned eventSourceMapping(ResourceProperties props) {
        String function = Arn.functionName(props.required("FunctionName"));
        String source = props.required("EventSourceArn");
        Integer batchSize = props.integer("BatchSize");
        Integer window = props.integer("MaximumBatchingWindowInSeconds");
        List<String> responseTypes = props.strings("FunctionResponseTypes");
        ResourceProperties scaling = props.object("ScalingConfig");
        ScalingConfig scalingConfig = scaling == null ? null
                : ScalingConfig.builder().maximumConcurrency(scaling.integer("MaximumConcurrency")).build();
        ResourceProperties provisioned = props.object("ProvisionedPollerConfig");
        ProvisionedPollerConfig pollerConfig = provisioned == null ? null : ProvisionedPollerConfig.builder()
                .minimumPollers(provisioned.integer("MinimumPollers"))
                .maximumPollers(provisioned.integer("MaximumPollers")).build();
        Boolean enabled = props.bool("Enabled");
        String existing = lambda.listEventSourceMappings(b -> b.functionName(function).eventSourceArn(source))
                .eventSourceMappings().stream()
                .filter(m -> source.equals(m.eventSourceArn()) && sameFunction(m, function))
                .map(EventSourceMappingConfiguration::uuid).findFirst().orElse(null);
        String uuid;
        if (existing != null) {
            uuid = lambda.updateEventSourceMapping(b -> b.uuid(existing).functionName(function).batchSize(batchSize)
                    .maximumBatchingWindowInSeconds(window).functionResponseTypesWithStrings(responseTypes)
                    .scalingConfig(scalingConfig == null && existing != null ? ScalingConfig.builder().build()
                            : scalingConfig)
                    .provisionedPollerConfig(pollerConfig == null ? ProvisionedPollerConfig.builder().build()
                            : pollerConfig)
                    .enabled(enabled)).uuid();
        } else {
            uuid = lambda.createEventSourceMapping(b -> b.functionName(function).eventSourceArn(source)
                    .batchSize(batchSize).maximumBatchingWindowInSeconds(window)
                    .functionResponseTypesWithStrings(responseTypes).scalingConfig(scalingConfig)
                    .provisionedPollerConfig(pollerConfig).enabled(enabled))
                    .uuid();
        }
        adviseVisibility(function, source);
        adviseConcurrency(function, source, scalingConfig == null ? null : scalingConfig.maximumConcurrency());
        String mappingArn = context.arn("lambda", "event-source-mapping:" + uuid).toString();
        return new Provisioned(uuid, uuid, Map.of("Id", uuid, "EventSourceMappingArn", mappingArn),
                existing != null ? ResourceStatus.UPDATED : ResourceStatus.CREATED, function + " <- " + source);
    }

    /** The throttling trap, as a warning line ({@code ConcurrencyAdvice}). */
    private void adviseConcurrency(String function, String source, Integer maximumConcurrency) {
        if (!Arn.isOf(source, "sqs")) {
            return;
        }
        try {
            Integer reserved = lambda.getFunctionConcurrency(b -> b.functionName(function))
                    .reservedConcurrentExecutions();
            dev.sluice.local.lambda.eventsource.ConcurrencyAdvice.check(function, Arn.nameOf(source), reserved,
                    maximumConcurrency).ifPresent(advice -> log.accept("warning: " + advice));
        } catch (RuntimeException unreadable) {
            // the mapping itself was created; the advice is a courtesy
        }
    }

    /** AWS's advice on the queue's visibility timeout, as a warning line ({@link VisibilityAdvice}). */
    private void adviseVisibility(String function, String source) {
        if (!Arn.isOf(source, "sqs")) {
            return;
        }
        try {
            int timeout = lambda.getFunctionConfiguration(b -> b.functionName(function)).timeout();
            String url = sqs.getQueueUrl(b -> b.queueName(Arn.nameOf(source))).queueUrl();
            int visibility = Integer.parseInt(sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(
                    software.amazon.awssdk.services.sqs.model.QueueAttributeName.VISIBILITY_TIMEOUT)).attributes()
                    .get(software.amazon.awssdk.services.sqs.model.QueueAttributeName.VISIBILITY_TIMEOUT));
            dev.sluice.local.lambda.eventsource.VisibilityAdvice.check(function, Arn.nameOf(source), visibility, timeout)
                    .ifPresent(advice -> log.accept("warning: " + advice));
        } catch (RuntimeException unreadable) {
            // the mapping itself was created; the advice is a courtesy
        }
    }

    private static boolean sameFunction(EventSourceMappingConfiguration mapping, String function) {
        String arn = mapping.functionArn();
        return arn == null || arn.equals(function) || arn.endsWith(":function:" + function);
    }

    Provisioned permission(ResourceProperties props) {
        String function = Arn.functionName(props.required("FunctionName"));
        String statement = props.logicalId();
        try {
            lambda.addPermission(b -> b.functionName(function).statementId(statement).action(props.required("Action"))
                    .principal(props.required("Principal")).sourceArn(props.string("SourceArn"))
                    .sourceAccount(props.string("SourceAccount")));
            return new Provisioned(statement, statement, Map.of(), ResourceStatus.CREATED, "not enforced locally");
        } catch (ResourceConflictException e) {
            return new Provisioned(statement, statement, Map.of(), ResourceStatus.UPDATED, "already there");
        } catch (LambdaException e) {
            return new Provisioned(statement, statement, Map.of(), ResourceStatus.NOT_ENFORCED,
                    "the local cloud does not check permissions (AddPermission: " + e.getMessage() + ")");
        }
    }

    Provisioned eventInvokeConfig(ResourceProperties props) {
        String function = Arn.functionName(props.required("FunctionName"));
        // The local cloud runs $LATEST only: a version or alias (SAM's AutoPublishAlias) stands for it.
        String given = props.has("Qualifier") ? props.string("Qualifier") : "$LATEST";
        String qualifier = "$LATEST";
        ResourceProperties destinations = props.object("DestinationConfig");
        DestinationConfig destinationConfig = null;
        if (destinations != null) {
            ResourceProperties success = destinations.object("OnSuccess");
            ResourceProperties failure = destinations.object("OnFailure");
            destinationConfig = DestinationConfig.builder()
                    .onSuccess(success == null ? null : OnSuccess.builder().destination(success.string("Destination")).build())
                    .onFailure(failure == null ? null : OnFailure.builder().destination(failure.string("Destination")).build())
                    .build();
        }
        DestinationConfig config = destinationConfig;
        String id = function + ":" + qualifier;
        try {
            lambda.putFunctionEventInvokeConfig(b -> b.functionName(function).qualifier(qualifier)
                    .maximumRetryAttempts(props.integer("MaximumRetryAttempts"))
                    .maximumEventAgeInSeconds(props.integer("MaximumEventAgeInSeconds"))
                    .destinationConfig(config));
            return new Provisioned(id, id, Map.of(), ResourceStatus.CREATED, given.equals(qualifier) ? ""
                    : "qualifier " + given + " stands for $LATEST locally");
        } catch (LambdaException e) {
            return new Provisioned(id, id, Map.of(), ResourceStatus.SKIPPED,
                    "the local cloud refused PutFunctionEventInvokeConfig: " + e.getMessage());
        }
    }

    private String arn(String name) {
        return context.functionArn(name);
    }
}
