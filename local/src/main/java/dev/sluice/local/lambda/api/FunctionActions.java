package dev.sluice.local.lambda.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.local.core.Json;
import dev.sluice.local.edge.AwsError;
import dev.sluice.local.edge.RequestFields;
import dev.sluice.local.lambda.eventsource.EventSourceMapping;
import dev.sluice.local.lambda.runtime.FunctionCode;
import dev.sluice.local.core.Arn;
import dev.sluice.local.lambda.runtime.FunctionConfig;
import dev.sluice.local.lambda.runtime.FunctionJdk;
import dev.sluice.local.lambda.runtime.HostArchitecture;
import dev.sluice.local.lambda.runtime.JavaRuntime;
import dev.sluice.local.lambda.runtime.HandlerCheck;
import dev.sluice.local.lambda.runtime.LambdaFunction;
import dev.sluice.local.lambda.runtime.LambdaSettings;
import java.io.IOException;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** CreateFunction, UpdateFunctionConfiguration, UpdateFunctionCode, DeleteFunction and PutFunctionConcurrency. */
record FunctionActions(LambdaSettings settings, Map<String, LambdaFunction> functions, Map<String, EventSourceMapping> mappings, Executor background, Function<FunctionConfig, LambdaFunction> newFunction) {

    private static final Logger LOG = LoggerFactory.getLogger(FunctionActions.class);
    private static final Set<String> ARCHITECTURES = Set.of("x86_64", "arm64");
    private static final Pattern FUNCTION_NAME = Pattern.compile("[a-zA-Z0-9_-]{1,64}");
    private static final Pattern VARIABLE_NAME = Pattern.compile("[a-zA-Z][a-zA-Z0-9_]*");
    private static final Set<String> RESERVED_VARIABLES = Set.of("_HANDLER", "_X_AMZN_TRACE_ID", "AWS_DEFAULT_REGION",
            "AWS_REGION", "AWS_EXECUTION_ENV", "AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
            "AWS_LAMBDA_FUNCTION_VERSION", "AWS_LAMBDA_INITIALIZATION_TYPE", "AWS_LAMBDA_LOG_GROUP_NAME",
            "AWS_LAMBDA_LOG_STREAM_NAME", "AWS_ACCESS_KEY", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
            "AWS_SESSION_TOKEN", "AWS_LAMBDA_RUNTIME_API", "LAMBDA_TASK_ROOT", "LAMBDA_RUNTIME_DIR");

    LambdaFunction createFunction(JsonNode body) throws IOException {
        RequestFields fields = RequestFields.of(body);
        String name = fields.requiredText("FunctionName");
        if (name != null && !FUNCTION_NAME.matcher(name).matches()) {
            fields.violation("FunctionName", name,
                    "Member must satisfy regular expression pattern: [a-zA-Z0-9-_]{1,64}");
        }
        String packageType = fields.text("PackageType");
        if (packageType != null && !packageType.equals("Zip")) {
            fields.violation("PackageType", packageType, "Only Zip packages run locally (no container images)");
        }
        String runtime = runtime(fields, true);
        String handler = fields.requiredText("Handler");
        String role = fields.text("Role");
        String description = fields.text("Description");
        int timeout = fields.integer("Timeout", 1, 900, 3);
        int memory = fields.integer("MemorySize", 128, 10_240, 128);
        Map<String, String> variables = variables(fields);
        String architecture = architecture(fields, FunctionConfig.DEFAULT_ARCHITECTURE);
        int ephemeralStorage = ephemeralStorage(fields, FunctionConfig.DEFAULT_EPHEMERAL_STORAGE_MB);
        String deadLetter = deadLetterTarget(fields, null);
        if (!fields.has("Code")) {
            fields.violation("Code", null, "Member must not be null");
        }
        fields.check();
        if (functions.containsKey(name)) {
            throw conflict(name);
        }
        FunctionCode code = code(fields.object("Code"), name);
        HandlerCheck.problem(code.taskRoot(), handler)
                .ifPresent(problem -> LOG.warn("Function {}: {}", name, problem));
        FunctionConfig config = new FunctionConfig(name, settings.functionArn(name), runtime,
                role == null ? settings.context().globalArn("iam", "role/lambda-role").toString() : role, handler,
                description == null ? "" : description, timeout, memory, variables, code.taskRoot(), code.sha256(),
                code.size(), Instant.now(), UUID.randomUUID().toString(), jdk(runtime), architecture,
                ephemeralStorage, deadLetter);
        HostArchitecture.notice(name, architecture).ifPresent(LOG::warn);
        LambdaFunction function = newFunction.apply(config);
        if (functions.putIfAbsent(name, function) != null) {
            throw conflict(name);
        }
        return function;
    }

    private static AwsError conflict(String name) {
        return new AwsError(409, "ResourceConflictException", "Function already exist: " + name);
    }

    /** The Runtime field, checked against the runtimes that run locally. */
    private static String runtime(RequestFields fields, boolean required) {
        String runtime = required ? fields.requiredText("Runtime") : fields.text("Runtime");
        if (runtime != null && JavaRuntime.of(runtime).isEmpty()) {
            fields.violation("Runtime", runtime, "Member must be one of " + JavaRuntime.ids()
                    + " (the runtimes that run locally)");
        }
        return runtime;
    }

    /** The JDK on this machine for {@code runtime}; a variable naming no JDK is the local cloud's error. */
    private static FunctionJdk jdk(String runtime) {
        try {
            return FunctionJdk.forRuntime(runtime);
        } catch (IllegalArgumentException e) {
            throw new AwsError(500, "ServiceException", "The local cloud cannot run " + runtime + ": "
                    + e.getMessage());
        }
    }

    /** {@code Architectures}: one of x86_64 and arm64 (environments run on this machine's either way). */
    private static String architecture(RequestFields fields, String fallback) {
        JsonNode given = fields.node("Architectures");
        if (given == null) {
            return fallback;
        }
        if (!given.isArray() || given.size() != 1 || !ARCHITECTURES.contains(given.get(0).asText())) {
            fields.violation("Architectures", given, "Member must have length 1 and satisfy enum value set: "
                    + "[x86_64, arm64]");
            return fallback;
        }
        return given.get(0).asText();
    }

    /** {@code EphemeralStorage.Size}: the size of /tmp in MB, 512-10240. */
    private static int ephemeralStorage(RequestFields fields, int fallback) {
        if (!fields.has("EphemeralStorage")) {
            return fallback;
        }
        RequestFields storage = fields.object("EphemeralStorage");
        Integer size = storage.integer("Size", 512, 10_240, null);
        if (!storage.has("Size")) {
            storage.violation("Size", null, "Member must not be null");
        }
        return size == null ? fallback : size;
    }

    /**
     * {@code DeadLetterConfig.TargetArn}: a standard SQS queue (an SNS topic is not emulated); an empty ARN removes it.
     */
    private static String deadLetterTarget(RequestFields fields, String fallback) {
        if (!fields.has("DeadLetterConfig")) {
            return fallback;
        }
        RequestFields config = fields.object("DeadLetterConfig");
        String arn = config.text("TargetArn");
        if (arn == null || arn.isEmpty()) {
            return null;
        }
        if (!Arn.isOf(arn, "sqs")) {
            config.violation("TargetArn", arn, "Only SQS queue dead-letter targets are supported locally (SNS "
                    + "topics are not emulated)");
        } else if (arn.endsWith(".fifo")) {
            config.violation("TargetArn", arn, "Member must be a standard SQS queue: Lambda does not send to FIFO "
                    + "queues");
        }
        return arn;
    }

    FunctionConfig updateConfiguration(LambdaFunction function, JsonNode body) {
        FunctionConfig old = function.config();
        RequestFields fields = RequestFields.of(body);
        String runtime = runtime(fields, false);
        String handler = fields.text("Handler");
        String role = fields.text("Role");
        String description = fields.text("Description");
        int timeout = fields.integer("Timeout", 1, 900, old.timeoutSeconds());
        int memory = fields.integer("MemorySize", 128, 10_240, old.memoryMb());
        Map<String, String> variables = fields.has("Environment") ? variables(fields) : old.variables();
        int ephemeralStorage = ephemeralStorage(fields, old.ephemeralStorageMb());
        String deadLetter = deadLetterTarget(fields, old.deadLetterArn());
        fields.check();
        String newRuntime = runtime == null ? old.runtime() : runtime;
        FunctionConfig updated = new FunctionConfig(old.name(), old.arn(), newRuntime,
                role == null ? old.role() : role, handler == null ? old.handler() : handler,
                description == null ? old.description() : description, timeout, memory, variables, old.taskRoot(),
                old.codeSha256(), old.codeSize(), Instant.now(), UUID.randomUUID().toString(),
                newRuntime.equals(old.runtime()) ? old.jdk() : jdk(newRuntime), old.architecture(), ephemeralStorage,
                deadLetter);
        function.update(updated);
        return updated;
    }

    FunctionConfig updateCode(LambdaFunction function, JsonNode body) throws IOException {
        RequestFields fields = RequestFields.of(body);
        String architecture = architecture(fields, function.config().architecture());
        fields.check();
        FunctionConfig updated = function.config().withCode(code(fields, function.config().name()))
                .withArchitecture(architecture);
        if (!architecture.equals(function.config().architecture())) {
            HostArchitecture.notice(updated.name(), architecture).ifPresent(LOG::warn);
        }
        function.update(updated);
        return updated;
    }

    void deleteFunction(LambdaFunction function) {
        String arn = function.config().arn();
        functions.remove(function.config().name());
        // Local difference: AWS keeps mappings of a deleted function; here they would only fail, so they go too.
        mappings.values().removeIf(mapping -> {
            if (mapping.functionArn().equals(arn)) {
                mapping.close();
                return true;
            }
            return false;
        });
        java.time.Instant deleted = java.time.Instant.now();
        background.execute(() -> {
            function.close();
            // its unpacked code goes too, but for versions a function of the same name, created again meanwhile, uses
            FunctionCode.deleteUnused(settings.workDir(), function.config().name(), task -> {
                LambdaFunction again = functions.get(function.config().name());
                return again != null && task.equals(again.config().taskRoot());
            }, deleted);
        });
    }

    private Map<String, String> variables(RequestFields fields) {
        RequestFields environment = fields.object("Environment");
        JsonNode variables = environment.node("Variables");
        Map<String, String> result = new LinkedHashMap<>();
        if (variables == null) {
            return result;
        }
        int size = 0;
        for (var entry : variables.properties()) {
            String key = entry.getKey();
            if (!VARIABLE_NAME.matcher(key).matches()) {
                environment.violation("Variables", key,
                        "Member must satisfy regular expression pattern: [a-zA-Z]([a-zA-Z0-9_])+");
            } else if (RESERVED_VARIABLES.contains(key)) {
                environment.violation("Variables", key, "Reserved keys are not supported for modification");
            }
            String value = entry.getValue().isTextual() ? entry.getValue().asText() : entry.getValue().toString();
            size += key.length() + value.length();
            result.put(key, value);
        }
        if (size > 4096) {
            environment.violation("Variables", size + " bytes", "Member must be at most 4 KB in total");
        }
        return result;
    }

    /** The function's code from its {@code Code} (CreateFunction) or the request itself (UpdateFunctionCode). */
    private FunctionCode code(RequestFields code, String functionName) throws IOException {
        String zip = code.text("ZipFile");
        String bucket = code.text("S3Bucket");
        String key = code.text("S3Key");
        code.check();
        if (zip != null) {
            byte[] bytes;
            try {
                bytes = Base64.getDecoder().decode(zip);
            } catch (IllegalArgumentException e) {
                throw AwsError.invalidParameterValue("Code.ZipFile is not valid base64: " + e.getMessage());
            }
            return FunctionCode.fromZip(bytes, settings.workDir(), functionName);
        }
        if ("hot-reload".equals(bucket) && key != null) {
            return FunctionCode.fromLocalPath(key, settings.workDir(), functionName);
        }
        if (bucket != null) {
            throw AwsError.invalidParameterValue("Code.S3Bucket: only 'hot-reload' (with Code.S3Key = an absolute "
                    + "local path of a .zip or folder) is supported locally (given " + bucket + ")");
        }
        throw AwsError.invalidParameterValue("Code: give ZipFile, or S3Bucket 'hot-reload' with S3Key a local path");
    }

    ObjectNode putConcurrency(LambdaFunction function, JsonNode body) {
        RequestFields fields = RequestFields.of(body);
        if (!fields.has("ReservedConcurrentExecutions")) {
            fields.violation("ReservedConcurrentExecutions", null, "Member must not be null");
        }
        Integer reserved = fields.integer("ReservedConcurrentExecutions", 0, 1000, null);
        fields.check();
        function.setReservedConcurrency(reserved);
        return Json.object().put("ReservedConcurrentExecutions", reserved);
    }
}
