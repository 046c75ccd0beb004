package dev.sluice.local.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.local.core.CloudContext;
import dev.sluice.local.core.LocalClients;
import dev.sluice.local.edge.EdgeServer;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.Target;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A real local EventBridge for tests: embedded ElasticMQ for SQS targets, the service behind its own edge server
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
    final EdgeServer edge;
    final URI endpoint;
    final EventBridgeClient events;

    LocalEvents() {
        this(new DeliverySettings(Duration.ofMillis(1), Duration.ofMillis(20), Clock.systemUTC(), 2));
    }

    LocalEvents(DeliverySettings settings) {
        this(settings, null);
    }

    /** With {@code state}: the service restores what it holds and keeps its resources there. */
    LocalEvents(DeliverySettings settings, dev.sluice.local.state.StateStore state) {
        elasticMq = SQSRestServerBuilder.withInterface("127.0.0.1").withDynamicPort().withAWSRegion(REGION)
                .withAWSAccountId(ACCOUNT).start();
        int sqsPort = elasticMq.waitUntilStarted().localAddress().getPort();
        sqs = LocalClients.create(SqsClient.builder(), URI.create("http://127.0.0.1:" + sqsPort), REGION);
        edge = new EdgeServer("127.0.0.1", 0);
        service = new EventBridgeService(CloudContext.local(edge.endpoint(), REGION), sqs, lambda, settings);
        if (state != null) {
            service.persistTo(state);
        }
        edge.register(service);
        edge.start();
        endpoint = edge.endpoint();
        events = LocalClients.create(EventBridgeClient.builder(), endpoint, REGION);
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

    /** The pattern most rules of these tests match: every event of source shop.orders. */
    static final String SHOP_ORDERS = "{\"source\":[\"shop.orders\"]}";

    /** Creates bus {@code bus} and on it rule {@code rule} matching {@code pattern} with {@code targets}. */
    String rule(String bus, String rule, String pattern, Target... targets) {
        events.createEventBus(b -> b.name(bus));
        String ruleArn = events.putRule(b -> b.name(rule).eventBusName(bus).eventPattern(pattern)).ruleArn();
        if (targets.length > 0) {
            assertThat(events.putTargets(b -> b.rule(rule).eventBusName(bus).targets(targets)).failedEntryCount())
                    .as("targets refused").isZero();
        }
        return ruleArn;
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
        edge.close();
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
