package dev.sluice.local;

import dev.sluice.local.core.LocalClients;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/** SDK clients for one local endpoint (us-east-1, the test credentials), each made on first use and closed here. */
public abstract class CloudClients implements AutoCloseable {

    private final Map<Class<?>, SdkClient> clients = new LinkedHashMap<>();

    /** Clients for a cloud running elsewhere, e.g. in another process. */
    public static CloudClients of(URI endpoint) {
        return new CloudClients() {
            @Override
            public URI endpoint() {
                return endpoint;
            }
        };
    }

    public abstract URI endpoint();

    public SqsClient sqs() {
        return client(SqsClient.class, SqsClient::builder);
    }

    public LambdaClient lambda() {
        return client(LambdaClient.class, LambdaClient::builder);
    }

    public EventBridgeClient events() {
        return client(EventBridgeClient.class, EventBridgeClient::builder);
    }

    public CloudWatchLogsClient logs() {
        return client(CloudWatchLogsClient.class, CloudWatchLogsClient::builder);
    }

    private synchronized <C extends SdkClient, B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>> C client(
            Class<C> type, Supplier<B> builder) {
        return type.cast(clients.computeIfAbsent(type,
                t -> (SdkClient) LocalClients.create(builder.get(), endpoint(), "us-east-1")));
    }

    @Override
    public synchronized void close() {
        clients.values().forEach(SdkClient::close);
        clients.clear();
    }
}
