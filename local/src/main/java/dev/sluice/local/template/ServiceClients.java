package dev.sluice.local.template;

import dev.sluice.local.core.CloudContext;
import dev.sluice.local.core.LocalClients;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/** The SDK clients the deployer's provisioners call the local cloud with, made and closed together. */
record ServiceClients(SqsClient sqs, EventBridgeClient events, LambdaClient lambda, CloudWatchLogsClient logs)
        implements AutoCloseable {

    /** Clients of the local cloud's edge at {@code context}'s endpoint. */
    static ServiceClients local(CloudContext context) {
        return new ServiceClients(LocalClients.create(SqsClient.builder(), context),
                LocalClients.create(EventBridgeClient.builder(), context),
                LocalClients.create(LambdaClient.builder(), context),
                LocalClients.create(CloudWatchLogsClient.builder(), context));
    }

    @Override
    public void close() {
        sqs.close();
        events.close();
        lambda.close();
        logs.close();
    }
}
