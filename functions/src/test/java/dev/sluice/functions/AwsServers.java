package dev.sluice.functions;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;

import dev.sluice.testing.MotoServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Real servers for the functions to talk to, on 127.0.0.1 and free ports: ElasticMQ (the outbox queue) and
 * moto (the orders bus). On moto a rule copies every {@code shop.orders} event on the bus into the queue
 * {@value #PUBLISHED_QUEUE}, so a test reads back exactly what a function published.
 */
public class AwsServers implements QuarkusTestResourceLifecycleManager {

    public static final String PUBLISHED_QUEUE = "published";
    public static final String REGION = "us-east-1";

    /** The SDK reads these as it reads AWS_ENDPOINT_URL_EVENTBRIDGE, AWS_REGION and the key variables. */
    private static final List<String> SDK_PROPERTIES = List.of(
            "aws.accessKeyId", "aws.secretAccessKey", "aws.region", "aws.endpointUrlEventBridge");

    private SQSRestServer elasticMq;
    private MotoServer moto;

    @Override
    public Map<String, String> start() {
        elasticMq = SQSRestServerBuilder.withInterface("127.0.0.1").withDynamicPort().start();
        String sqsUrl = "http://127.0.0.1:" + elasticMq.waitUntilStarted().localAddress().getPort();
        try (SqsClient sqs = sqsClient(sqsUrl)) {
            sqs.createQueue(r -> r.queueName("outbox"));
        }

        String motoUrl = startMoto().toString();
        System.setProperty("aws.accessKeyId", "test");
        System.setProperty("aws.secretAccessKey", "test");
        System.setProperty("aws.region", REGION);
        // The function's EventBridge client has no override of its own: this proves it takes the SDK's.
        System.setProperty("aws.endpointUrlEventBridge", motoUrl);
        String publishedQueueUrl = wireBus(motoUrl);

        Map<String, String> config = new HashMap<>();
        config.put("mp.messaging.outgoing.outbox.endpoint-override", sqsUrl);
        config.put("sluice-test.moto-url", motoUrl);
        config.put("sluice-test.published-queue-url", publishedQueueUrl);
        return config;
    }

    @Override
    public void stop() {
        SDK_PROPERTIES.forEach(System::clearProperty);
        if (moto != null) {
            try {
                moto.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (elasticMq != null) {
            elasticMq.stopAndWait();
        }
    }

    public static SqsClient sqsClient(String endpoint) {
        return SqsClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .endpointOverride(URI.create(endpoint))
                .region(Region.of(REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .build();
    }

    private URI startMoto() {
        try {
            moto = MotoServer.start(Files.createTempFile("moto-", ".log"));
            return moto.endpoint();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start moto_server: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted starting moto_server", e);
        }
    }

    private String wireBus(String motoUrl) {
        try (SqsClient sqs = sqsClient(motoUrl);
                EventBridgeClient events = EventBridgeClient.builder()
                        .httpClientBuilder(UrlConnectionHttpClient.builder())
                        .endpointOverride(URI.create(motoUrl))
                        .region(Region.of(REGION))
                        .credentialsProvider(
                                StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                        .build()) {
            String queueUrl = sqs.createQueue(r -> r.queueName(PUBLISHED_QUEUE)).queueUrl();
            String queueArn = sqs.getQueueAttributes(r -> r.queueUrl(queueUrl)
                    .attributeNames(QueueAttributeName.QUEUE_ARN)).attributes().get(QueueAttributeName.QUEUE_ARN);
            events.createEventBus(r -> r.name("orders"));
            events.putRule(r -> r.name("everything").eventBusName("orders")
                    .eventPattern("{\"source\":[\"shop.orders\"]}"));
            events.putTargets(r -> r.rule("everything").eventBusName("orders")
                    .targets(t -> t.id("published").arn(queueArn)));
            return queueUrl;
        }
    }
}
