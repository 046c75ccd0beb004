package dev.sluice.local.lambda.runtime;

import dev.sluice.local.core.CloudContext;
import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the local Lambda service reaches the rest of the local cloud.
 *
 * @param context          region, account and edge endpoint of the local cloud
 * @param functionEndpoint given to every function as {@code AWS_ENDPOINT_URL} (the edge, or the emulator the cloud
 *                         is attached to)
 * @param sqsEndpoint      where event source mappings poll and where SQS destinations are sent
 * @param workDir          unpacked code, the runtime client's JNI library; created when missing
 */
public record LambdaSettings(CloudContext context, URI functionEndpoint, URI sqsEndpoint, Path workDir) {

    public LambdaSettings {
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(functionEndpoint, "functionEndpoint");
        Objects.requireNonNull(sqsEndpoint, "sqsEndpoint");
        Objects.requireNonNull(workDir, "workDir");
    }

    /** Settings of a cloud whose functions and pollers all use its own edge. */
    public LambdaSettings(CloudContext context, Path workDir) {
        this(context, context.endpoint(), context.endpoint(), workDir);
    }

    public String region() {
        return context.region();
    }

    public String accountId() {
        return context.accountId();
    }

    public String functionArn(String functionName) {
        return context.functionArn(functionName);
    }
}
