package dev.sluice.local.events;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.sluice.local.edge.AwsRequest;
import dev.sluice.local.edge.AwsResponse;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A real local EventBridge for tests: embedded ElasticMQ for SQS targets, the service behind a JDK HTTP server
 * on 127.0.0.1 (dynamic ports), and AWS SDK clients for both. Retries back off from 1 ms so retry policies run
 * quickly
 * (unless a test passes its own settings).
 */
final class LocalEvents implements AutoCloseable {

    static final String REGION = "us-east-1";
    static final String ACCOUNT = "000000000000";

    final RecordingInvoker lambda = new RecordingInvoker();
    final SQSRestServer elasticMq;
    final SqsClient sqs;
    final EventBridgeService service;
    final HttpServer http;
    final ExecutorService httpThreads = Executors.newFixedThreadPool(4);
    final URI endpoint;
    final EventBridgeClient events;

    LocalEvents() throws IOException {
        this(new DeliverySettings(Duration.ofMillis(1), Duration.ofMillis(20), Clock.systemUTC(), 2));
    }

    LocalEvents(DeliverySettings settings) throws IOException {
        elasticMq = SQSRestServerBuilder.withInterface("127.0.0.1").withDynamicPort().withAWSRegion(REGION)
                .withAWSAccountId(ACCOUNT).start();
        int sqsPort = elasticMq.waitUntilStarted().localAddress().getPort();
        sqs = SqsClient.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + sqsPort))
                .region(Region.of(REGION))
                .credentialsProvider(credentials())
                .httpClient(UrlConnectionHttpClient.create())
                .build();
        service = new EventBridgeService(REGION, ACCOUNT, sqs, lambda, settings);

        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/", this::serve);
        http.setExecutor(httpThreads);
        http.start();
        endpoint = URI.create("http://127.0.0.1:" + http.getAddress().getPort());
        events = EventBridgeClient.builder()
                .endpointOverride(endpoint)
                .region(Region.of(REGION))
                .credentialsProvider(credentials())
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    private static StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
    }

    /** Turns one HTTP exchange into an {@link AwsRequest} for the service, as the edge server does. */
    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            Map<String, List<String>> headers = new HashMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values));
            AwsRequest request = new AwsRequest(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                    exchange.getRequestURI().getRawQuery(), headers, body);
            AwsResponse response;
            if (!service.accepts(request)) {
                response = AwsResponse.json(404, "{\"message\":\"no service accepts this request\"}");
            } else {
                response = service.handle(request);
            }
            exchange.getResponseHeaders().set("Content-Type", response.contentType());
            response.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
            exchange.sendResponseHeaders(response.status(), response.body().length == 0 ? -1 : response.body().length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(response.body());
            }
        } catch (Exception e) {
            byte[] message = e.toString().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(500, message.length);
            exchange.getResponseBody().write(message);
        }
    }

    /** Creates a queue and returns its ARN. */
    String createQueue(String name) {
        Map<QueueAttributeName, String> attributes = new HashMap<>();
        if (name.endsWith(".fifo")) {
            attributes.put(QueueAttributeName.FIFO_QUEUE, "true");
        }
        String url = sqs.createQueue(b -> b.queueName(name).attributes(attributes)).queueUrl();
        return sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
    }

    /** Waits (long polling, at most {@code seconds}) until {@code count} messages arrived, and deletes them. */
    List<Message> receive(String queueName, int count, int seconds) {
        String url = sqs.getQueueUrl(b -> b.queueName(queueName)).queueUrl();
        List<Message> all = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        while (all.size() < count && System.nanoTime() < deadline) {
            List<Message> batch = sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1)
                    .messageAttributeNames("All").attributeNamesWithStrings("All")).messages();
            for (Message m : batch) {
                sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(m.receiptHandle()));
            }
            all.addAll(batch);
        }
        return all;
    }

    @Override
    public void close() {
        events.close();
        http.stop(0);
        httpThreads.shutdownNow();
        service.close();
        sqs.close();
        elasticMq.stopAndWait();
    }

    /** A target's counters once {@code settled} holds (bounded): the dispatcher counts just after each hand-over. */
    TargetStats awaitStats(String key, java.util.function.Predicate<TargetStats> settled) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        TargetStats stats = service.stats().get(key);
        while ((stats == null || !settled.test(stats)) && System.nanoTime() < deadline) {
            Thread.sleep(20);
            stats = service.stats().get(key);
        }
        return stats;
    }
}
