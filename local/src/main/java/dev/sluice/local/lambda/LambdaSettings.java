package dev.sluice.local.lambda;

import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the local Lambda service reaches the rest of the local cloud.
 *
 * @param functionEndpoint given to every function as {@code AWS_ENDPOINT_URL} (normally the edge endpoint)
 * @param sqsEndpoint      where event source mappings poll and where SQS destinations are sent
 * @param region           e.g. {@code us-east-1}
 * @param accountId        e.g. {@code 000000000000}
 * @param workDir          unpacked code, the runtime client's JNI library; created when missing
 */
public record LambdaSettings(URI functionEndpoint, URI sqsEndpoint, String region, String accountId, Path workDir) {

    public LambdaSettings {
        Objects.requireNonNull(functionEndpoint, "functionEndpoint");
        Objects.requireNonNull(sqsEndpoint, "sqsEndpoint");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(workDir, "workDir");
    }

    String functionArn(String functionName) {
        return "arn:aws:lambda:" + region + ":" + accountId + ":function:" + functionName;
    }
}
