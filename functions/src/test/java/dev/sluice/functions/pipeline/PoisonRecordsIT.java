package dev.sluice.functions.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.sluice.junit.LocalCloudTest;
import dev.sluice.junit.TestCloud;
import dev.sluice.local.lambda.eventsource.EventSourceMapping;
import dev.sluice.local.lambda.eventsource.EventSourceMappingStats;
import dev.sluice.local.template.DeployResult;
import dev.sluice.local.template.ResourceStatus;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * Poison records: the example's fulfillOrder (the function.zip {@code package} built), deployed from a hand-written
 * template into the local cloud of the JUnit extension, reports
 * bodies it cannot read as batch item failures. After maxReceiveCount receives those land in the dead-letter queue;
 * every good record is processed once and deleted; nothing is lost.
 */
@LocalCloudTest(project = LocalCloudTest.NO_PROJECT)
class PoisonRecordsIT {

    private static final String FUNCTION = "poison-fulfillOrder";
    private static final int GOOD = 24;
    private static final int MAX_RECEIVE_COUNT = 2;
    private static final Duration LIMIT = Duration.ofSeconds(90);
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * A short visibility timeout keeps the retries short; the function's timeout may not exceed it. 10 s, not 5: the
     * local autoscaler may start a second environment while a batch waits, and a cold Quarkus start on a loaded
     * 2-core machine can take several seconds.
     */
    private static final String TEMPLATE = """
            Parameters:
              FunctionZip: {Type: String}
            Resources:
              Bus: {Type: AWS::Events::EventBus, Properties: {Name: poison-orders}}
              Dlq: {Type: AWS::SQS::Queue, Properties: {QueueName: poison-dlq}}
              Queue:
                Type: AWS::SQS::Queue
                Properties:
                  QueueName: poison
                  VisibilityTimeout: 10
                  RedrivePolicy: {deadLetterTargetArn: !GetAtt Dlq.Arn, maxReceiveCount: %d}
              Outcomes: {Type: AWS::SQS::Queue, Properties: {QueueName: poison-outcomes}}
              OutcomeRule:
                Type: AWS::Events::Rule
                Properties:
                  EventBusName: !Ref Bus
                  EventPattern: {source: [shop.orders], detail-type: [OrderFulfilled, OrderRejected]}
                  Targets: [{Id: outcomes, Arn: !GetAtt Outcomes.Arn}]
              Fulfill:
                Type: AWS::Lambda::Function
                Properties:
                  FunctionName: %s
                  Runtime: java21
                  Handler: io.quarkus.funqy.lambda.FunqyStreamHandler::handleRequest
                  Timeout: 10
                  MemorySize: 512
                  Code: {S3Bucket: hot-reload, S3Key: !Ref FunctionZip}
                  Environment:
                    Variables: {QUARKUS_FUNQY_EXPORT: fulfillOrder, ORDERS_BUS_NAME: !Ref Bus}
              Mapping:
                Type: AWS::Lambda::EventSourceMapping
                Properties:
                  FunctionName: !Ref Fulfill
                  EventSourceArn: !GetAtt Queue.Arn
                  BatchSize: 10
                  FunctionResponseTypes: [ReportBatchItemFailures]
                  ScalingConfig: {MaximumConcurrency: 2}
            """.formatted(MAX_RECEIVE_COUNT, FUNCTION);

    @TempDir
    Path dir;

    @Test
    void recordsThatAlwaysFailEndInTheDeadLetterQueueAndTheOthersAreProcessed(TestCloud cloud) throws Exception {
        Path template = Files.writeString(dir.resolve("poison.yaml"), TEMPLATE);
        Path functionZip = Path.of("target/function.zip").toAbsolutePath();
        assertThat(functionZip).as("built by package, before the integration tests").isRegularFile();

        DeployResult deployed = cloud.deploy(template, "poison", Map.of("FunctionZip", functionZip.toString()));

        assertThat(deployed.resource("Fulfill").status()).isEqualTo(ResourceStatus.CREATED);
        assertThat(deployed.resource("Mapping").status()).isEqualTo(ResourceStatus.CREATED);
        run(cloud);
    }

    private void run(TestCloud cloud) throws Exception {
        String queueUrl = cloud.queueUrl("poison");
        List<String> outcomes = new ArrayList<>();

        // One order first, so that a cold Quarkus start is not part of the batches counted below.
        OrderMix.Order first = OrderMix.order("poison", 0);
        String firstBody = envelope(first);
        cloud.sendMessage("poison", firstBody);
        cloud.awaitMessages("poison-outcomes", 1, LIMIT).forEach(message -> outcomes.add(orderId(message.body())));

        Map<String, String> good = new LinkedHashMap<>(); // orderId -> body
        for (int n = 1; n <= GOOD; n++) {
            OrderMix.Order order = OrderMix.order("poison", n);
            good.put(order.orderId(), envelope(order));
        }
        List<String> poison = new ArrayList<>();
        for (int n = 1; n <= 2; n++) {
            poison.add("not JSON #" + n + " {");
            poison.add("{\"id\":\"no-detail-" + n + "\",\"detail-type\":\"OrderPlaced\",\"source\":\"shop.orders\"}");
            poison.add("{\"id\":\"wrong-type-" + n + "\",\"detail-type\":\"OrderShipped\",\"source\":\"shop.orders\","
                    + "\"detail\":{\"orderId\":\"x\"}}");
        }
        List<String> bodies = new ArrayList<>(good.values());
        for (int i = 0; i < poison.size(); i++) {
            bodies.add(i * 4 + 2, poison.get(i)); // spread through the batches
        }
        for (int from = 0; from < bodies.size(); from += 10) {
            List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
            for (int i = from; i < Math.min(bodies.size(), from + 10); i++) {
                entries.add(SendMessageBatchRequestEntry.builder().id("m" + i).messageBody(bodies.get(i)).build());
            }
            assertThat(cloud.sqs().sendMessageBatch(r -> r.queueUrl(queueUrl).entries(entries)).failed()).isEmpty();
        }

        List<String> deadLetters = cloud.awaitMessages("poison-dlq", poison.size(), LIMIT).stream()
                .map(Message::body).toList();
        cloud.awaitMessages("poison-outcomes", GOOD, LIMIT).forEach(message -> outcomes.add(orderId(message.body())));
        cloud.awaitEmpty("poison", LIMIT);

        assertThat(deadLetters).as("dead letters").containsExactlyInAnyOrderElementsOf(poison);
        good.put(first.orderId(), firstBody);
        assertThat(outcomes).as("one outcome per good record").containsExactlyInAnyOrderElementsOf(good.keySet());
        cloud.assertEmpty("poison-dlq"); // all taken above: none arrived twice
        cloud.assertEmpty("poison-outcomes");

        EventSourceMapping mapping = cloud.localCloud().lambda().eventSourceMappings().stream()
                .filter(m -> m.eventSourceArn().endsWith(":poison")).findFirst().orElseThrow();
        EventSourceMappingStats stats = mapping.stats();
        // At-least-once delivery: a redelivered batch may add to these, never take away.
        assertThat(stats.succeededRecords()).as("%s", stats).isGreaterThanOrEqualTo(GOOD + 1);
        assertThat(stats.failedRecords()).as("each poison record fails on each of its %d receives", MAX_RECEIVE_COUNT)
                .isGreaterThanOrEqualTo((long) poison.size() * MAX_RECEIVE_COUNT);
        assertThat(stats.records()).isEqualTo(stats.succeededRecords() + stats.failedRecords());
    }

    /** The body a rule would put on the queue: the whole EventBridge envelope. */
    private static String envelope(OrderMix.Order order) throws Exception {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("version", "0");
        event.put("id", UUID.nameUUIDFromBytes(order.orderId().getBytes()).toString());
        event.put("detail-type", "OrderPlaced");
        event.put("source", "shop.orders");
        event.put("account", "000000000000");
        event.put("time", "2026-01-01T00:00:00Z");
        event.put("region", "us-east-1");
        event.put("resources", List.of());
        event.put("detail", order.detail());
        return JSON.writeValueAsString(event);
    }

    private static String orderId(String outcomeEvent) {
        try {
            JsonNode event = JSON.readTree(outcomeEvent);
            return event.path("detail").path("orderId").asText();
        } catch (java.io.IOException e) {
            throw new AssertionError("outcome event is not JSON: " + outcomeEvent, e);
        }
    }
}
