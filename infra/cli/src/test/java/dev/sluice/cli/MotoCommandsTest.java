package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.local.core.Json;
import dev.sluice.local.core.LocalClients;
import dev.sluice.testing.MotoServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** send, status and redrive against a real AWS emulator (moto), set up and checked through the AWS SDK. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MotoCommandsTest {

    private static final ObjectMapper JSON = Json.MAPPER;
    private static final String REGION = "us-east-1";

    @TempDir
    Path dir;

    private MotoServer moto;
    private String endpoint;
    private SqsClient sqs;
    private EventBridgeClient events;

    @BeforeAll
    void startMoto(@TempDir Path logs) throws Exception {
        moto = MotoServer.start(logs.resolve("moto.log"));
        endpoint = moto.endpoint().toString();
        sqs = LocalClients.create(SqsClient.builder(), moto.endpoint(), REGION);
        events = LocalClients.create(EventBridgeClient.builder(), moto.endpoint(), REGION);
        events.createEventBus(r -> r.name("orders"));
    }

    @AfterAll
    void stopMoto() throws Exception {
        if (sqs != null) {
            sqs.close();
            events.close();
        }
        if (moto != null) {
            moto.close();
        }
    }

    @Test
    void sentOrderPlacedReachesTheRuleQueue() throws Exception {
        String queueUrl = queueWithRule("placed-orders", "{\"detail-type\":[\"OrderPlaced\"],\"source\":[\"shop.orders\"]}");

        CliRun run = sluice("send", "--bus", "orders", "--source", "shop.orders", "--detail-type", "OrderPlaced",
                "--detail", "{\"orderId\":\"o-1\",\"total\":42}");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.outLines()).hasSize(1);
        List<Message> received = receive(queueUrl, 1);
        JsonNode event = JSON.readTree(received.get(0).body());
        assertThat(event.path("id").asText()).isEqualTo(run.outLines().get(0));
        assertThat(event.path("detail-type").asText()).isEqualTo("OrderPlaced");
        assertThat(event.path("detail").path("orderId").asText()).isEqualTo("o-1");
    }

    @Test
    void fileWithMoreEntriesThanOneCallIsSentInChunks() throws Exception {
        String queueUrl = queueWithRule("bulk-orders", "{\"detail-type\":[\"BulkTest\"]}");
        List<Map<String, Object>> entries = IntStream.range(0, 12)
                .mapToObj(i -> Map.<String, Object>of("Source", "shop.orders", "DetailType", "BulkTest",
                        "Detail", i % 2 == 0 ? Map.of("n", i) : "{\"n\":" + i + "}"))
                .toList();
        Path file = dir.resolve("bulk.json");
        Files.writeString(file, JSON.writeValueAsString(entries));

        CliRun run = sluice("send", "--bus", "orders", "--file", file.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.outLines()).hasSize(12).doesNotHaveDuplicates();
        List<Integer> numbers = new ArrayList<>();
        for (Message m : receive(queueUrl, 12)) {
            numbers.add(JSON.readTree(m.body()).path("detail").path("n").asInt());
        }
        assertThat(numbers).containsExactlyInAnyOrderElementsOf(IntStream.range(0, 12).boxed().toList());
    }

    @Test
    void sendToMissingBusFailsInOneLine() {
        CliRun run = sluice("send", "--bus", "no-such-bus", "--source", "s", "--detail-type", "t", "--detail", "{}");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.errLines()).hasSize(1);
        assertThat(run.errLines().get(0)).startsWith("sluice: ResourceNotFoundException: ").contains("no-such-bus");
    }

    @Test
    void statusShowsQueueAndDeadLetterCounts() throws Exception {
        String dlqUrl = sqs.createQueue(r -> r.queueName("status-src-dlq")).queueUrl();
        String dlqArn = arnOf(dlqUrl);
        String srcUrl = sqs.createQueue(r -> r.queueName("status-src").attributes(Map.of(QueueAttributeName.REDRIVE_POLICY,
                "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":\"3\"}"))).queueUrl();
        for (int i = 0; i < 3; i++) {
            int n = i;
            sqs.sendMessage(r -> r.queueUrl(srcUrl).messageBody("m" + n));
        }
        sqs.sendMessage(r -> r.queueUrl(srcUrl).messageBody("later").delaySeconds(900));
        sqs.receiveMessage(r -> r.queueUrl(srcUrl).maxNumberOfMessages(1).visibilityTimeout(900));
        String role = moto.createLambdaRole("status-test-role");
        byte[] code = emptyZip();
        try (LambdaClient lambda = LocalClients.create(LambdaClient.builder(), moto.endpoint(), REGION)) {
            lambda.createFunction(r -> r.functionName("fulfillOrder").runtime("java21").role(role)
                    .handler("io.quarkus.funqy.lambda.FunqyStreamHandler::handleRequest")
                    .code(c -> c.zipFile(SdkBytes.fromByteArray(code))));
        }
        sqs.sendMessage(r -> r.queueUrl(dlqUrl).messageBody("dead-1"));
        sqs.sendMessage(r -> r.queueUrl(dlqUrl).messageBody("dead-2"));

        CliRun json = sluice("status", "--json");
        CliRun table = sluice("status");
        CliRun prefixed = sluice("status", "--json", "--queue-prefix", "status-");

        assertThat(json.exitCode()).as(json.err()).isZero();
        JsonNode report = JSON.readTree(json.out());
        assertThat(report.path("functions").isArray()).isTrue();
        JsonNode queue = byName(report.path("queues"), "status-src");
        assertThat(queue.path("exists").asBoolean()).isTrue();
        assertThat(queue.path("visible").asInt()).isEqualTo(2);
        assertThat(queue.path("inFlight").asInt()).isEqualTo(1);
        assertThat(queue.path("delayed").asInt()).isEqualTo(1);
        assertThat(queue.path("deadLetterQueue").asText()).isEqualTo("status-src-dlq");
        assertThat(queue.path("deadLetterDepth").asInt()).isEqualTo(2);
        assertThat(report.path("queues").findValuesAsText("name")).doesNotContain("fulfillment").isSorted();

        assertThat(JSON.readTree(prefixed.out()).path("queues").findValuesAsText("name"))
                .containsExactly("status-src", "status-src-dlq");

        assertThat(table.exitCode()).as(table.err()).isZero();
        assertThat(table.outLines().get(0)).startsWith("QUEUE").contains("VISIBLE", "IN FLIGHT", "DELAYED", "DLQ DEPTH");
        assertThat(table.outLines()).anySatisfy(line ->
                assertThat(line.split("\\s+")).containsExactly("status-src", "2", "1", "1", "status-src-dlq", "2"));
        assertThat(byName(report.path("functions"), "fulfillOrder").path("runtime").asText()).isEqualTo("java21");
        assertThat(byName(report.path("functions"), "fulfillOrder").path("state").asText()).isEqualTo("Active");
        assertThat(table.outLines()).anySatisfy(line ->
                assertThat(line.split("\\s+")).containsExactly("fulfillOrder", "Active", "Successful", "java21"));
    }

    @Test
    void redriveMovesEveryMessageBackWithItsAttributes() {
        String dlqUrl = sqs.createQueue(r -> r.queueName("redrive-dlq")).queueUrl();
        String srcUrl = sqs.createQueue(r -> r.queueName("redrive-src").attributes(Map.of(QueueAttributeName.REDRIVE_POLICY,
                "{\"deadLetterTargetArn\":\"" + arnOf(dlqUrl) + "\",\"maxReceiveCount\":\"1\"}"))).queueUrl();
        for (int i = 0; i < 13; i++) {
            int n = i;
            sqs.sendMessage(r -> r.queueUrl(dlqUrl).messageBody("order-" + n).messageAttributes(Map.of("orderNo",
                    MessageAttributeValue.builder().dataType("Number").stringValue(Integer.toString(n)).build())));
        }

        CliRun partial = sluice("redrive", "redrive-dlq", "--max", "5");
        CliRun rest = sluice("redrive", dlqUrl);

        assertThat(partial.exitCode()).as(partial.err()).isZero();
        assertThat(partial.out()).contains("Moved 5 messages from redrive-dlq to redrive-src.");
        assertThat(rest.exitCode()).as(rest.err()).isZero();
        assertThat(rest.out()).contains("Moved 8 messages from redrive-dlq to redrive-src.");
        Map<String, String> attributeByBody = new HashMap<>();
        for (Message m : receive(srcUrl, 13)) {
            attributeByBody.put(m.body(), m.messageAttributes().get("orderNo").stringValue());
        }
        assertThat(attributeByBody).hasSize(13);
        IntStream.range(0, 13).forEach(n -> assertThat(attributeByBody).containsEntry("order-" + n, Integer.toString(n)));
        assertThat(sqs.receiveMessage(r -> r.queueUrl(dlqUrl).waitTimeSeconds(1)).messages()).isEmpty();
    }

    @Test
    void fifoRedriveKeepsMessageGroups() {
        Map<QueueAttributeName, String> fifo = Map.of(QueueAttributeName.FIFO_QUEUE, "true",
                QueueAttributeName.CONTENT_BASED_DEDUPLICATION, "false");
        String dlqUrl = sqs.createQueue(r -> r.queueName("fifo-dlq.fifo").attributes(fifo)).queueUrl();
        Map<QueueAttributeName, String> source = new HashMap<>(fifo);
        source.put(QueueAttributeName.REDRIVE_POLICY,
                "{\"deadLetterTargetArn\":\"" + arnOf(dlqUrl) + "\",\"maxReceiveCount\":\"1\"}");
        String srcUrl = sqs.createQueue(r -> r.queueName("fifo-src.fifo").attributes(source)).queueUrl();
        for (int i = 0; i < 4; i++) {
            int n = i;
            sqs.sendMessage(r -> r.queueUrl(dlqUrl).messageBody("step-" + n).messageGroupId("order-" + (n % 2))
                    .messageDeduplicationId("dedup-" + n));
        }

        CliRun run = sluice("redrive", "fifo-dlq.fifo");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("Moved 4 messages from fifo-dlq.fifo to fifo-src.fifo.");
        Map<String, String> groupByBody = new HashMap<>();
        for (Message m : receiveWithGroups(srcUrl, 4)) {
            groupByBody.put(m.body(), m.attributes().get(MessageSystemAttributeName.MESSAGE_GROUP_ID));
        }
        assertThat(groupByBody).containsExactlyInAnyOrderEntriesOf(Map.of(
                "step-0", "order-0", "step-1", "order-1", "step-2", "order-0", "step-3", "order-1"));
    }

    @Test
    void redriveToAnExplicitQueue() {
        String dlqUrl = sqs.createQueue(r -> r.queueName("orphan-dlq")).queueUrl();
        String otherUrl = sqs.createQueue(r -> r.queueName("orphan-target")).queueUrl();
        sqs.sendMessage(r -> r.queueUrl(dlqUrl).messageBody("lost order"));

        CliRun withoutTarget = sluice("redrive", "orphan-dlq");
        CliRun withTarget = sluice("redrive", "orphan-dlq", "--to", "orphan-target");

        assertThat(withoutTarget.exitCode()).isEqualTo(1);
        assertThat(withoutTarget.errLines())
                .containsExactly("sluice: no queue uses 'orphan-dlq' as its dead-letter queue: name the target with --to");
        assertThat(withTarget.exitCode()).as(withTarget.err()).isZero();
        assertThat(receive(otherUrl, 1).get(0).body()).isEqualTo("lost order");
    }

    @Test
    void redriveOfMissingQueueFailsInOneLine() {
        CliRun run = sluice("redrive", "no-such-dlq");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.errLines()).containsExactly("sluice: queue 'no-such-dlq' does not exist");
    }

    private static byte[] emptyZip() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("application.properties"));
            zip.closeEntry();
        }
        return bytes.toByteArray();
    }

    private CliRun sluice(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add(1, "--endpoint-url");
        all.add(2, endpoint);
        return CliRun.inProcess(all.toArray(String[]::new));
    }

    private String queueWithRule(String queueName, String pattern) {
        String url = sqs.createQueue(r -> r.queueName(queueName)).queueUrl();
        events.putRule(r -> r.name(queueName + "-rule").eventBusName("orders").eventPattern(pattern));
        events.putTargets(r -> r.rule(queueName + "-rule").eventBusName("orders")
                .targets(t -> t.id("queue").arn(arnOf(url))));
        return url;
    }

    private String arnOf(String queueUrl) {
        return sqs.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
    }

    /** Receives until {@code count} messages arrived (deleting them), or fails after a bounded number of polls. */
    private List<Message> receive(String queueUrl, int count) {
        List<Message> received = new ArrayList<>();
        for (int poll = 0; poll < 20 && received.size() < count; poll++) {
            List<Message> batch = sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1)
                    .messageAttributeNames("All")).messages();
            for (Message m : batch) {
                sqs.deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
            }
            received.addAll(batch);
        }
        assertThat(received).as("messages received from " + queueUrl).hasSize(count);
        return received;
    }

    private List<Message> receiveWithGroups(String queueUrl, int count) {
        List<Message> received = new ArrayList<>();
        for (int poll = 0; poll < 20 && received.size() < count; poll++) {
            List<Message> batch = sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1)
                    .messageSystemAttributeNames(MessageSystemAttributeName.MESSAGE_GROUP_ID)).messages();
            for (Message m : batch) {
                sqs.deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
            }
            received.addAll(batch);
        }
        assertThat(received).as("messages received from " + queueUrl).hasSize(count);
        return received;
    }

    private static JsonNode byName(JsonNode queues, String name) {
        for (JsonNode q : queues) {
            if (q.path("name").asText().equals(name)) {
                return q;
            }
        }
        throw new AssertionError("no queue " + name + " in " + queues);
    }
}
