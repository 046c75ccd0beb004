package dev.sluice.local.lambda.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.local.core.Arn;
import dev.sluice.local.core.Json;
import dev.sluice.local.lambda.runtime.EventInvokeConfig;
import dev.sluice.local.lambda.runtime.FunctionConfig;
import dev.sluice.local.lambda.runtime.LambdaFunction;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** The JSON shapes of a function: GetFunction, FunctionConfiguration and FunctionEventInvokeConfig. */
final class FunctionJson {

    private static final DateTimeFormatter LAST_MODIFIED =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ").withZone(ZoneOffset.UTC);

    /** How a RuntimeVersionArn names the local JDK: {@code arn:aws:lambda:<region>::runtime:local-jdk-25.0.3}. */
    static final String RUNTIME_VERSION_PREFIX = "local-jdk-";

    private FunctionJson() {
    }

    static ObjectNode function(LambdaFunction function) {
        ObjectNode json = Json.object();
        json.set("Configuration", configuration(function.config()));
        json.putObject("Code").put("RepositoryType", "S3")
                .put("Location", function.config().taskRoot().toUri().toString());
        if (function.reservedConcurrency() != null) {
            json.putObject("Concurrency").put("ReservedConcurrentExecutions", function.reservedConcurrency());
        }
        return json;
    }

    static ObjectNode configuration(FunctionConfig config) {
        ObjectNode json = Json.object();
        json.put("FunctionName", config.name());
        json.put("FunctionArn", config.arn());
        json.put("Runtime", config.runtime());
        json.put("Role", config.role());
        json.put("Handler", config.handler());
        json.put("CodeSize", config.codeSize());
        json.put("Description", config.description());
        json.put("Timeout", config.timeoutSeconds());
        json.put("MemorySize", config.memoryMb());
        json.put("LastModified", LAST_MODIFIED.format(config.lastModified()));
        json.put("CodeSha256", config.codeSha256());
        json.put("Version", "$LATEST");
        if (!config.variables().isEmpty()) {
            ObjectNode variables = json.putObject("Environment").putObject("Variables");
            config.variables().forEach(variables::put);
        }
        json.putObject("TracingConfig").put("Mode", "PassThrough");
        json.put("RevisionId", config.revisionId());
        json.put("State", "Active");
        json.put("LastUpdateStatus", "Successful");
        json.put("PackageType", "Zip");
        json.putArray("Architectures").add(config.architecture());
        json.putObject("EphemeralStorage").put("Size", config.ephemeralStorageMb());
        if (config.deadLetterArn() != null) {
            json.putObject("DeadLetterConfig").put("TargetArn", config.deadLetterArn());
        }
        json.set("RuntimeVersionConfig", runtimeVersion(config));
        json.putObject("LoggingConfig").put("LogFormat", "Text").put("LogGroup", "/aws/lambda/" + config.name());
        return json;
    }

    /**
     * Which JDK runs the function here: {@code RuntimeVersionArn} ends with {@code local-jdk-<version>}, and when that
     * is not the runtime's own version, {@code Error} says so in one line (the field AWS uses for a runtime version's
     * problems).
     */
    static ObjectNode runtimeVersion(FunctionConfig config) {
        ObjectNode json = Json.object();
        json.put("RuntimeVersionArn", Arn.lambdaRuntime(Arn.parse(config.arn()).region(),
                RUNTIME_VERSION_PREFIX + config.jdk().version()).toString());
        if (config.jdk().notice() != null) {
            json.putObject("Error").put("ErrorCode", "LocalJdk").put("Message", config.jdk().notice());
        }
        return json;
    }

    static ObjectNode eventInvokeConfig(LambdaFunction function, EventInvokeConfig config) {
        ObjectNode json = Json.object();
        json.put("LastModified", config.lastModified().toEpochMilli() / 1000.0);
        json.put("FunctionArn", function.config().arn() + ":$LATEST");
        json.put("MaximumRetryAttempts", config.maximumRetryAttempts());
        json.put("MaximumEventAgeInSeconds", config.maximumEventAgeSeconds());
        ObjectNode destinations = json.putObject("DestinationConfig");
        if (config.onSuccess() != null) {
            destinations.putObject("OnSuccess").put("Destination", config.onSuccess());
        }
        if (config.onFailure() != null) {
            destinations.putObject("OnFailure").put("Destination", config.onFailure());
        }
        return json;
    }
}
