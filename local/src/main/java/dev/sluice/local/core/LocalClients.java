package dev.sluice.local.core;

import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * SDK clients for a local endpoint (the local cloud, or LocalStack when attached to it): the endpoint override, the
 * region and dummy credentials (a local cloud checks no signature), built in one place.
 *
 * <pre>{@code
 * LambdaClient lambda = LocalClients.create(LambdaClient.builder(), cloud.endpoint(), "us-east-1");
 * }</pre>
 */
public final class LocalClients {

    /**
     * The access key id and the secret key of the local cloud's callers: {@code test}, as LocalStack's docs use (the
     * local cloud checks no signature; tools that insist on credentials get these).
     */
    public static final String TEST_KEY = "test";

    /** The credentials local clients sign with: {@link #TEST_KEY} for both keys. */
    public static final AwsCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create(TEST_KEY, TEST_KEY));

    /** Connections one polling client may hold open: one per long-polling poller, so effectively no limit. */
    private static final int MAX_POLLING_CONNECTIONS = 100_000;

    private LocalClients() {
    }

    /**
     * A client of {@code endpoint} on the SDK's url-connection HTTP client (small, quick to start), with a socket
     * timeout of 60 s so that 20 s long polls fit.
     */
    public static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C create(B builder, URI endpoint,
                                                                                            String region) {
        return configure(builder, endpoint, region)
                .httpClientBuilder(UrlConnectionHttpClient.builder().socketTimeout(Duration.ofSeconds(60)))
                .build();
    }

    /** {@link #create} with the endpoint and region of {@code context}. */
    public static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C create(B builder,
                                                                                            CloudContext context) {
        return create(builder, context.endpoint(), context.region());
    }

    /**
     * An SQS client for event source mapping pollers, rule targets and the autoscaler: the SDK's Apache 5 client (the
     * url-connection client waits 1 ms before each POST on a kept-alive connection, local/README.md) with no pool
     * limit of its own, since every poller holds a connection through its long poll, up to MaximumConcurrency per
     * mapping.
     */
    public static SqsClient pollingSqs(URI endpoint, String region) {
        return configure(SqsClient.builder(), endpoint, region)
                .httpClientBuilder(Apache5HttpClient.builder()
                        .socketTimeout(Duration.ofSeconds(30)).maxConnections(MAX_POLLING_CONNECTIONS))
                .build();
    }

    private static <B extends AwsClientBuilder<B, C>, C> B configure(B builder, URI endpoint, String region) {
        return builder.endpointOverride(endpoint).region(Region.of(region)).credentialsProvider(CREDENTIALS);
    }
}
