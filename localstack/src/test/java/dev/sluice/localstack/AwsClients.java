package dev.sluice.localstack;

import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/** SDK clients for one emulator endpoint (LocalStack or the local cloud); dummy credentials, never a real account. */
record AwsClients(SqsClient sqs, EventBridgeClient events, LambdaClient lambda) implements AutoCloseable {

    static final String REGION = "us-east-1";
    static final String ACCOUNT = "000000000000";

    static AwsClients of(URI endpoint) {
        StaticCredentialsProvider credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
        Region region = Region.of(REGION);
        // Long polls (up to 20 s) must outlive the socket timeout.
        UrlConnectionHttpClient.Builder http = UrlConnectionHttpClient.builder().socketTimeout(Duration.ofSeconds(60));
        return new AwsClients(
                SqsClient.builder().endpointOverride(endpoint).region(region).credentialsProvider(credentials)
                        .httpClientBuilder(http).build(),
                EventBridgeClient.builder().endpointOverride(endpoint).region(region).credentialsProvider(credentials)
                        .httpClientBuilder(http).build(),
                LambdaClient.builder().endpointOverride(endpoint).region(region).credentialsProvider(credentials)
                        .httpClientBuilder(http).build());
    }

    String queueUrl(String name) {
        return sqs.getQueueUrl(r -> r.queueName(name)).queueUrl();
    }

    static String queueArn(String name) {
        return "arn:aws:sqs:" + REGION + ":" + ACCOUNT + ":" + name;
    }

    @Override
    public void close() {
        sqs.close();
        events.close();
        lambda.close();
    }
}
