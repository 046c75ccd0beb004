package dev.sluice.example.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.local.LocalCloud;
import dev.sluice.local.core.Json;
import dev.sluice.local.lambda.eventsource.EventSourceMapping;
import dev.sluice.local.lambda.eventsource.EventSourceMappingStats;
import dev.sluice.local.template.DeployResult;
import dev.sluice.local.template.ResourceStatus;
import dev.sluice.local.template.TemplateDeployer;
import dev.sluice.testing.Await;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * Poison records: the example's fulfillOrder (its real function.zip), deployed from a hand-written template, reports
 * bodies it cannot read as batch item failures. After maxReceiveCount receives those land in the dead-letter queue;
 * every good record is processed once and deleted; nothing is lost.
 */
class PoisonRecordsTest {

    private static final String FUNCTION = "poison-fulfillOrder";
    private static final int GOOD = 24;
    private static final int MAX_RECEIVE_COUNT = 2;
    private static final Duration LIMIT = Duration.ofSeconds(90);
    private static final ObjectMapper JSON = Json.MAPPER;

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
    void recordsThatAlwaysFailEndInTheDeadLetterQueueAndTheOthersAreProcessed() throws Exception {
        Path template = Files.writeString(dir.resolve("poison.yaml"), TEMPLATE);
        List<String> deployLog = Collections.synchronizedList(new ArrayList<>());
        try (ConsoleTail console = ConsoleTail.install(Set.of(FUNCTION));
             LocalCloud cloud = LocalCloud.builder().port(0).workDir(dir.resolve("cloud")).build().start();
             TemplateDeployer deployer = new TemplateDeployer(cloud.endpoint(), LocalQueues.REGION, deployLog::add);
             LocalQueues queues = new LocalQueues(cloud.endpoint())) {
            try {
                DeployResult deployed = deployer.deploy(template, "poison",
                        Map.of("FunctionZip", ExampleFunctionZip.path().toString()));
                assertThat(deployed.resource("Fulfill").status()).as("deploy log %s", deployLog)
                        .isEqualTo(ResourceStatus.CREATED);
                assertThat(deployed.resource("Mapping").status()).isEqualTo(ResourceStatus.CREATED);
                run(cloud, queues);
            } catch (AssertionError | RuntimeException e) {
                CloudReport.print(console, cloud, queues, deployLog);
                throw e;
            }
        }
    }

    private void run(LocalCloud cloud, LocalQueues queues) throws Exception {
        String queueUrl = queues.url("poison");
        String dlqUrl = queues.url("poison-dlq");
        String outcomesUrl = queues.url("poison-outcomes");
        List<String> deadLetters = new ArrayList<>();
        List<String> outcomes = new ArrayList<>();

        // One order first, so that a cold Quarkus start is not part of the batches counted below.
        OrderMix.Order first = OrderMix.order("poison", 0);
        String firstBody = envelope(first);
        queues.sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody(firstBody));
        Await.until("the first order's outcome", LIMIT, () -> {
            queues.take(outcomesUrl).forEach(message -> outcomes.add(orderId(message.body())));
            return !outcomes.isEmpty();
        });

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
            assertThat(queues.sqs.sendMessageBatch(r -> r.queueUrl(queueUrl).entries(entries)).failed()).isEmpty();
        }

        Await.until(poison.size() + " dead letters and " + GOOD + " outcomes", LIMIT, () -> {
            queues.take(dlqUrl).forEach(message -> deadLetters.add(message.body()));
            for (Message message : queues.take(outcomesUrl)) {
                outcomes.add(orderId(message.body()));
            }
            return deadLetters.size() >= poison.size() && outcomes.size() >= GOOD + 1;
        });
        Await.until("the source queue to drain", LIMIT, () -> queues.depth("poison") == 0);
        queues.take(dlqUrl).forEach(message -> deadLetters.add(message.body()));
        queues.take(outcomesUrl).forEach(message -> outcomes.add(orderId(message.body())));

        assertThat(deadLetters).as("dead letters").containsExactlyInAnyOrderElementsOf(poison);
        good.put(first.orderId(), firstBody);
        assertThat(outcomes).as("one outcome per good record").containsExactlyInAnyOrderElementsOf(good.keySet());
        assertThat(queues.depth("poison")).isZero();
        assertThat(queues.depth("poison-dlq")).isZero(); // all taken above: none arrived twice

        EventSourceMapping mapping = cloud.lambda().eventSourceMappings().stream()
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
        event.put("region", LocalQueues.REGION);
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
