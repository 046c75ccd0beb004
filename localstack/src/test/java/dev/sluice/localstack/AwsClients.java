package dev.sluice.localstack;

import dev.sluice.local.core.Arn;
import dev.sluice.local.core.CloudContext;
import dev.sluice.local.core.LocalClients;
import java.net.URI;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/** SDK clients for one emulator endpoint (LocalStack or the local cloud); dummy credentials, never a real account. */
record AwsClients(SqsClient sqs, EventBridgeClient events, LambdaClient lambda) implements AutoCloseable {

    static final String REGION = CloudContext.DEFAULT_REGION;
    static final String ACCOUNT = CloudContext.LOCAL_ACCOUNT;

    static AwsClients of(URI endpoint) {
        // LocalClients' socket timeout outlives long polls (up to 20 s).
        return new AwsClients(LocalClients.create(SqsClient.builder(), endpoint, REGION),
                LocalClients.create(EventBridgeClient.builder(), endpoint, REGION),
                LocalClients.create(LambdaClient.builder(), endpoint, REGION));
    }

    String queueUrl(String name) {
        return sqs.getQueueUrl(r -> r.queueName(name)).queueUrl();
    }

    static String queueArn(String name) {
        return Arn.of("sqs", REGION, ACCOUNT, name).toString();
    }

    @Override
    public void close() {
        sqs.close();
        events.close();
        lambda.close();
    }
}
