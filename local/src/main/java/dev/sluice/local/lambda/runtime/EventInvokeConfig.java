package dev.sluice.local.lambda.runtime;

/**
 * How Lambda handles a function's asynchronous invocations (PutFunctionEventInvokeConfig).
 *
 * @param maximumRetryAttempts     0-2, default 2
 * @param maximumEventAgeSeconds   60-21600, default 21600
 * @param onFailure                destination ARN (SQS queue or Lambda function) or null
 * @param onSuccess                destination ARN (SQS queue or Lambda function) or null
 */
public record EventInvokeConfig(int maximumRetryAttempts, int maximumEventAgeSeconds, String onFailure, String onSuccess,
                         java.time.Instant lastModified) {

    public static final EventInvokeConfig DEFAULT = new EventInvokeConfig(2, 21_600, null, null, null);
}
