package dev.sluice.local.core;

import java.net.URI;
import java.util.Objects;

/**
 * Where a local cloud is and whose resources it holds: its region, its account and the endpoint clients reach it at.
 * Every service gets one instead of loose strings, and builds its ARNs from it.
 *
 * @param region    e.g. {@code us-east-1}
 * @param accountId the account in every ARN, queue URL and event; {@value #LOCAL_ACCOUNT} locally
 * @param endpoint  the edge endpoint, e.g. {@code http://127.0.0.1:4566}
 */
public record CloudContext(String region, String accountId, URI endpoint) {

    /** The account of every local cloud (LocalStack's too), in ARNs, queue URLs and event envelopes. */
    public static final String LOCAL_ACCOUNT = "000000000000";
    /** The region when none is configured. */
    public static final String DEFAULT_REGION = "us-east-1";

    public CloudContext {
        if (region == null || region.isBlank()) {
            throw new IllegalArgumentException("region must not be blank");
        }
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(endpoint, "endpoint");
    }

    /** The local account in {@code region}, reached at {@code endpoint}. */
    public static CloudContext local(URI endpoint, String region) {
        return new CloudContext(region, LOCAL_ACCOUNT, endpoint);
    }

    /** An ARN of this region and account: {@code arn:aws:<service>:<region>:<account>:<resource>}. */
    public Arn arn(String service, String resource) {
        return Arn.of(service, region, accountId, resource);
    }

    /** An ARN of a global service (IAM): {@code arn:aws:<service>::<account>:<resource>}. */
    public Arn globalArn(String service, String resource) {
        return Arn.of(service, "", accountId, resource);
    }

    /** A Lambda function's ARN: {@code arn:aws:lambda:<region>:<account>:function:<name>}. */
    public String functionArn(String functionName) {
        return arn("lambda", "function:" + functionName).toString();
    }

    /** An SQS queue's ARN: {@code arn:aws:sqs:<region>:<account>:<name>}. */
    public String queueArn(String queueName) {
        return arn("sqs", queueName).toString();
    }
}
