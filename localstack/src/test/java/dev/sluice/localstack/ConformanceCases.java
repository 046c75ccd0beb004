package dev.sluice.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.testing.Await;
import dev.sluice.testing.HandlerZip;
import dev.sluice.testing.TestFunctions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.lambda.model.FunctionResponseType;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.LambdaException;
import software.amazon.awssdk.services.lambda.model.Runtime;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SqsException;

/**
 * The conformance suite: one test per documented AWS behaviour, each citing the AWS page and sentence it checks
 * ({@link ConformanceCase}), all through the AWS SDK. Subclasses say where it runs: {@link SluiceConformanceTest}
 * (Sluice's local cloud, every case) and {@link LocalStackConformanceTest} (LocalStack 4.14.0 in host mode, the cases
 * that need no Lambda function). {@link ConformanceRecorder} records each result; after the class,
 * {@code docs/CONFORMANCE.md} is rendered ({@link ConformanceDoc}) and must list every case that ran.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(ConformanceRecorder.class)
abstract class ConformanceCases {

    static final int ONE_MIB = 1_048_576;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(60);

    /**
     * An SQS handler whose answer is chosen by the first word of the first record's body (see {@link #respond}); it
     * appends {@code <first word> <ApproximateReceiveCount>} per record and {@code batch <records> <event bytes>} per
     * invocation to {@code RECORD_FILE}. Plain string handling: the zip holds no JSON library.
     */
    private static final String RESPOND_SOURCE = """
            package fixture;
            import com.amazonaws.services.lambda.runtime.Context;
            import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
            import java.io.*;
            import java.nio.charset.StandardCharsets;
            import java.nio.file.*;
            import java.util.*;
            import java.util.regex.*;
            public class Respond implements RequestStreamHandler {
                private static final Pattern ID = Pattern.compile("\\"messageId\\"\\\\s*:\\\\s*\\"([^\\"]+)\\"");
                private static final Pattern WORD = Pattern.compile("\\"body\\"\\\\s*:\\\\s*\\"([A-Za-z0-9-]*)");
                private static final Pattern COUNT =
                        Pattern.compile("\\"ApproximateReceiveCount\\"\\\\s*:\\\\s*\\"(\\\\d+)\\"");
                public void handleRequest(InputStream in, OutputStream out, Context context) throws IOException {
                    String event = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                    List<String> ids = all(ID, event), words = all(WORD, event), counts = all(COUNT, event);
                    StringBuilder log = new StringBuilder("batch " + ids.size() + " " + event.length() + "\\n");
                    for (int i = 0; i < words.size(); i++) log.append(words.get(i)).append(' ').append(counts.get(i)).append('\\n');
                    String file = System.getenv("RECORD_FILE");
                    if (file != null) Files.writeString(Path.of(file), log, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                    String first = words.isEmpty() ? "" : words.get(0);
                    String answer;
                    if (first.startsWith("not-json")) answer = "this is not JSON";
                    else if (first.startsWith("empty-id")) answer = "{\\"batchItemFailures\\":[{\\"itemIdentifier\\":\\"\\"}]}";
                    else if (first.startsWith("null-id")) answer = "{\\"batchItemFailures\\":[{\\"itemIdentifier\\":null}]}";
                    else if (first.startsWith("misnamed-key")) answer = "{\\"batchItemFailures\\":[{\\"itemId\\":\\"" + ids.get(0) + "\\"}]}";
                    else if (first.startsWith("unknown-id")) answer = "{\\"batchItemFailures\\":[{\\"itemIdentifier\\":\\"not-in-this-batch\\"}]}";
                    else if (first.startsWith("null-list")) answer = "{\\"batchItemFailures\\":null}";
                    else if (first.startsWith("throw")) throw new IllegalStateException("the batch failed on demand");
                    else {
                        StringBuilder failures = new StringBuilder();
                        boolean failing = false;
                        for (int i = 0; i < ids.size(); i++) {
                            boolean fails = words.get(i).contains("fail") && counts.get(i).equals("1");
                            // "each-...": only the records that fail are reported; otherwise (FIFO) every later one too
                            failing = first.startsWith("each") ? fails : failing || fails;
                            if (failing) failures.append(failures.length() == 0 ? "" : ",")
                                    .append("{\\"itemIdentifier\\":\\"").append(ids.get(i)).append("\\"}");
                        }
                        answer = "{\\"batchItemFailures\\":[" + failures + "]}";
                    }
                    out.write(answer.getBytes(StandardCharsets.UTF_8));
                }
                private static List<String> all(Pattern pattern, String text) {
                    List<String> found = new ArrayList<>();
                    Matcher matcher = pattern.matcher(text);
                    while (matcher.find()) found.add(matcher.group(1));
                    return found;
                }
            }
            """;
    private static final HandlerZip ZIP = TestFunctions.ZIP.with("fixture.Respond", RESPOND_SOURCE);
    private static final String RESPOND = "fixture.Respond::handleRequest";

    private ConformanceTarget target;
    private AwsClients aws;
    private Path dir;
    private Path records;
    private boolean functionsCreated;

    /** Starts the cloud the cases run against, on a free port of 127.0.0.1. */
    abstract ConformanceTarget startTarget(Path dir) throws Exception;

    ConformanceTarget target() {
        return target;
    }

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        this.dir = dir;
        records = dir.resolve("records.log");
        target = startTarget(dir);
        aws = AwsClients.of(target.endpoint());
        Path results = ConformanceRecorder.RESULTS.resolve(target.name());
        if (Files.isDirectory(results)) {
            try (Stream<Path> old = Files.walk(results)) {
                for (Path file : old.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
    }

    @AfterAll
    void stopAndCheckTheDoc() throws Exception {
        try {
            if (aws != null) {
                aws.close();
            }
        } finally {
            if (target != null) {
                target.close();
            }
        }
        String rendered = ConformanceDoc.render(ConformanceRecorder.RESULTS);
        Files.writeString(ConformanceRecorder.RESULTS.resolve("CONFORMANCE.md"), rendered);
        Path doc = Repository.root().resolve(ConformanceDoc.DOC);
        if (Boolean.getBoolean("conformance.update")) {
            Files.writeString(doc, rendered);
        }
        List<String> ran = ConformanceDoc.results(ConformanceRecorder.RESULTS, target.name()).values().stream()
                .filter(result -> !result.path("result").asText().equals("n/a"))
                .map(result -> result.path("id").asText()).sorted().toList();
        assertThat(ConformanceDoc.missingFrom(doc, ran))
                .as("cases that ran on " + target.name() + " but have no row in " + ConformanceDoc.DOC
                        + "; regenerate it with -Dconformance.update=true (see its header)")
                .isEmpty();
    }

    // ---------------------------------------------------------------------------------------------------- SQS

    @Test
    @ConformanceCase(id = "sqs.message-size.at-limit", title = "SendMessage with a 1 MiB body is accepted and received whole",
            aws = "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessage.html",
            says = "The maximum size is 1 MiB or 1,048,576 bytes")
    void sqsMessageAtTheSizeLimitIsAccepted() {
        String url = queue("size-at-limit", Map.of(QueueAttributeName.MAXIMUM_MESSAGE_SIZE, Integer.toString(ONE_MIB)));
        String body = "x".repeat(ONE_MIB);

        aws.sqs().sendMessage(r -> r.queueUrl(url).messageBody(body));

        List<Message> received = aws.sqs().receiveMessage(r -> r.queueUrl(url).waitTimeSeconds(5)).messages();
        assertThat(received).hasSize(1);
        assertThat(received.get(0).body()).hasSize(ONE_MIB).isEqualTo(body);
    }

    @Test
    @ConformanceCase(id = "sqs.message-size.over-limit", title = "SendMessage one byte over 1 MiB is refused, nothing is queued",
            aws = "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessage.html",
            says = "The maximum size is 1 MiB or 1,048,576 bytes")
    void sqsMessageOneByteOverTheLimitIsRefused() {
        String url = queue("size-over-limit", Map.of(QueueAttributeName.MAXIMUM_MESSAGE_SIZE, Integer.toString(ONE_MIB)));

        assertThatThrownBy(() -> aws.sqs().sendMessage(r -> r.queueUrl(url).messageBody("x".repeat(ONE_MIB + 1))))
                .isInstanceOfSatisfying(SqsException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterValue");
                    assertThat(e.awsErrorDetails().errorMessage()).contains("Message must be shorter than 1048576 bytes");
                });
        assertThat(depth(url)).isZero();
    }

    @Test
    @ConformanceCase(id = "sqs.receive-count", title = "ApproximateReceiveCount counts the receives of a message not deleted",
            aws = "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_ReceiveMessage.html",
            says = "ApproximateReceiveCount – Returns the number of times a message has been received across all queues but not deleted.")
    void approximateReceiveCountCountsReceives() {
        String url = queue("receive-count", Map.of());
        aws.sqs().sendMessage(r -> r.queueUrl(url).messageBody("counted"));

        List<String> counts = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Message message = receiveOne(url, 0);
            counts.add(message.attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT));
        }

        assertThat(counts).containsExactly("1", "2", "3");
    }

    @Test
    @ConformanceCase(id = "sqs.redrive.max-receive-count", title = "After maxReceiveCount receives the message moves to the dead-letter queue",
            aws = "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-dead-letter-queues.html",
            says = "maxReceiveCount – The number of times a message is delivered to the source queue before being moved to the dead-letter queue.")
    void redriveMovesTheMessageAfterMaxReceiveCount() throws Exception {
        String dlq = queue("redrive-dlq", Map.of());
        String url = queue("redrive", Map.of(QueueAttributeName.REDRIVE_POLICY,
                "{\"deadLetterTargetArn\":\"" + queueArn(dlq) + "\",\"maxReceiveCount\":\"2\"}"));
        aws.sqs().sendMessage(r -> r.queueUrl(url).messageBody("poison"));

        receiveOne(url, 0);
        receiveOne(url, 0);
        List<Message> third = aws.sqs().receiveMessage(r -> r.queueUrl(url).waitTimeSeconds(1)).messages();

        assertThat(third).as("a third receive finds nothing: the message left after its 2nd receive").isEmpty();
        assertThat(drain(dlq, 1)).containsExactly("poison");
    }

    @Test
    @ConformanceCase(id = "sqs.fifo.group-order", title = "FIFO: one message group at a time, in order; other groups are not blocked",
            aws = "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/FIFO-queues-understanding-logic.html",
            says = "When you receive a message with a message group ID, no more messages for the same message group ID are returned unless you delete the message or it becomes visible.")
    void fifoKeepsOrderPerGroup() {
        String url = queue("order.fifo", Map.of(QueueAttributeName.FIFO_QUEUE, "true",
                QueueAttributeName.CONTENT_BASED_DEDUPLICATION, "true"));
        for (String body : List.of("a1", "a2", "b1", "a3", "b2")) {
            aws.sqs().sendMessage(r -> r.queueUrl(url).messageBody(body).messageGroupId(body.substring(0, 1)));
        }

        Message a1 = receiveOne(url, 30);
        Message b1 = receiveOne(url, 30);
        List<Message> none = aws.sqs().receiveMessage(r -> r.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1))
                .messages();
        aws.sqs().deleteMessage(r -> r.queueUrl(url).receiptHandle(a1.receiptHandle()));
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Message next = receiveOne(url, 30);
            rest.add(next.body());
            aws.sqs().deleteMessage(r -> r.queueUrl(url).receiptHandle(next.receiptHandle()));
        }

        assertThat(List.of(a1.body(), b1.body())).containsExactly("a1", "b1");
        assertThat(none).as("both groups have a message in flight").isEmpty();
        assertThat(rest).containsExactly("a2", "a3");
    }

    @Test
    @ConformanceCase(id = "sqs.send-message-batch.total-at-limit", title = "SendMessageBatch whose bodies add up to exactly 1 MiB is accepted",
            aws = "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessageBatch.html",
            says = "The maximum allowed individual message size and the maximum total payload size (the sum of the individual lengths of all of the batched messages) are both 1 MiB (1,048,576 bytes).")
    void sendMessageBatchAtTheTotalLimitIsAccepted() {
        String url = queue("batch-at-limit", Map.of(QueueAttributeName.MAXIMUM_MESSAGE_SIZE, Integer.toString(ONE_MIB)));

        var sent = aws.sqs().sendMessageBatch(r -> r.queueUrl(url).entries(
                e -> e.id("a").messageBody("a".repeat(ONE_MIB / 2)),
                e -> e.id("b").messageBody("b".repeat(ONE_MIB / 2))));

        assertThat(sent.failed()).isEmpty();
        assertThat(sent.successful()).hasSize(2);
    }

    @Test
    @ConformanceCase(id = "sqs.send-message-batch.total-over-limit", title = "SendMessageBatch whose bodies add up to 1 MiB + 1 byte is refused with BatchRequestTooLong",
            aws = "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessageBatch.html",
            says = "The maximum allowed individual message size and the maximum total payload size (the sum of the individual lengths of all of the batched messages) are both 1 MiB (1,048,576 bytes).")
    void sendMessageBatchOverTheTotalLimitIsRefused() {
        String url = queue("batch-over-limit", Map.of(QueueAttributeName.MAXIMUM_MESSAGE_SIZE, Integer.toString(ONE_MIB)));

        assertThatThrownBy(() -> aws.sqs().sendMessageBatch(r -> r.queueUrl(url).entries(
                e -> e.id("a").messageBody("a".repeat(ONE_MIB / 2)),
                e -> e.id("b").messageBody("b".repeat(ONE_MIB / 2 + 1)))))
                .isInstanceOfSatisfying(SqsException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorCode()).contains("BatchRequestTooLong");
                });
        assertThat(depth(url)).isZero();
    }

    @Test
    @ConformanceCase(id = "events.pattern.anything-but-and-exists", title = "anything-but and exists:false: only the matching event is delivered",
            aws = "https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html",
            says = "Anything-but matching matches anything except what's provided in the rule. ... Exists matching only works on leaf nodes.")
    void patternWithAnythingButAndExistsMatches() throws Exception {
        String url = queue("anything-but", Map.of());
        aws.events().putRule(r -> r.name("anything-but").eventPattern("{\"source\":[\"conformance.but\"],"
                + "\"detail\":{\"state\":[{\"anything-but\":[\"stopped\",\"pending\"]}],\"error\":[{\"exists\":false}]}}"));
        aws.events().putTargets(r -> r.rule("anything-but").targets(t -> t.id("q").arn(queueArn(url))));

        aws.events().putEvents(r -> r.entries(
                e -> e.source("conformance.but").detailType("State").detail("{\"state\":\"stopped\",\"n\":\"stopped\"}"),
                e -> e.source("conformance.but").detailType("State").detail("{\"state\":\"running\",\"error\":\"x\",\"n\":\"with-error\"}"),
                e -> e.source("conformance.but").detailType("State").detail("{\"state\":\"running\",\"n\":\"running\"}")));

        List<String> bodies = drain(url, 1);
        Thread.sleep(1000);
        bodies.addAll(aws.sqs().receiveMessage(r -> r.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1))
                .messages().stream().map(Message::body).toList());
        assertThat(bodies).hasSize(1);
        assertThat(JSON.readTree(bodies.get(0)).at("/detail/n").asText()).isEqualTo("running");
    }

    // ---------------------------------------------------------------------------------------------------- EventBridge

    @Test
    @ConformanceCase(id = "events.entry-size.at-limit", title = "PutEvents accepts an entry of exactly 1 MB (Source + DetailType + Detail)",
            aws = "https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-putevent-size.html",
            says = "EventBridge calculates the PutEventsRequestEntry size as follows: ... (limit raised from 256 KB to 1 MB on 2026-01-29: "
                    + "https://aws.amazon.com/blogs/compute/more-room-to-build-serverless-services-now-support-payloads-up-to-1-mb)")
    void putEventsEntryAtTheSizeLimitIsAccepted() {
        PutEventsResponse response = aws.events().putEvents(r -> r.entries(sizedEntry(ONE_MIB)));

        assertThat(response.failedEntryCount()).as(String.valueOf(response.entries())).isZero();
        assertThat(response.entries().get(0).eventId()).isNotBlank();
    }

    @Test
    @ConformanceCase(id = "events.entry-size.over-limit", title = "PutEvents refuses an entry one byte over 1 MB",
            aws = "https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-putevent-size.html",
            says = "EventBridge calculates the PutEventsRequestEntry size as follows: ... (limit 1 MB since 2026-01-29: "
                    + "https://aws.amazon.com/blogs/compute/more-room-to-build-serverless-services-now-support-payloads-up-to-1-mb)")
    void putEventsEntryOneByteOverTheLimitIsRefused() {
        PutEventsRequestEntry entry = sizedEntry(ONE_MIB + 1);
        PutEventsResponse response;
        try {
            response = aws.events().putEvents(r -> r.entries(entry));
        } catch (software.amazon.awssdk.services.eventbridge.model.EventBridgeException refused) {
            assertThat(refused.statusCode()).isEqualTo(400);
            return;
        }
        assertThat(response.failedEntryCount()).as("refused, as the request or as the entry").isEqualTo(1);
        assertThat(response.entries().get(0).errorCode()).isNotBlank();
    }

    @Test
    @ConformanceCase(id = "events.put-events.max-entries", title = "PutEvents with 11 entries is refused",
            aws = "https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutEvents.html",
            says = "Entries ... Array Members: Minimum number of 1 item. Maximum number of 10 items.")
    void putEventsRefusesElevenEntries() {
        List<PutEventsRequestEntry> entries = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            entries.add(PutEventsRequestEntry.builder().source("conformance").detailType("Counted")
                    .detail("{\"n\":" + i + "}").build());
        }

        assertThatThrownBy(() -> aws.events().putEvents(r -> r.entries(entries)))
                .isInstanceOfSatisfying(software.amazon.awssdk.services.eventbridge.model.EventBridgeException.class,
                        e -> assertThat(e.statusCode()).isEqualTo(400));
    }

    @Test
    @ConformanceCase(id = "events.input-transformer", title = "An input transformer fills the template from the event's paths",
            aws = "https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-transform-target-input.html",
            says = "Use the input transformer to customize the text from an event before EventBridge passes the information to the target of a rule.")
    void inputTransformerRendersTheTemplate() throws Exception {
        String url = queue("transformed", Map.of());
        aws.events().putRule(r -> r.name("transform").eventPattern("{\"source\":[\"conformance.transform\"]}"));
        aws.events().putTargets(r -> r.rule("transform").targets(t -> t.id("q").arn(queueArn(url))
                .inputTransformer(i -> i.inputPathsMap(Map.of("order", "$.detail.order", "type", "$.detail-type"))
                        .inputTemplate("{\"order\": <order>, \"kind\": \"<type>\"}"))));

        aws.events().putEvents(r -> r.entries(e -> e.source("conformance.transform").detailType("OrderPlaced")
                .detail("{\"order\":\"o-7\"}")));

        JsonNode delivered = JSON.readTree(drain(url, 1).get(0));
        assertThat(delivered.path("order").asText()).isEqualTo("o-7");
        assertThat(delivered.path("kind").asText()).isEqualTo("OrderPlaced");
    }

    @Test
    @ConformanceCase(id = "events.pattern.numeric-and-prefix", title = "Numeric range and prefix matching: only the matching event is delivered",
            aws = "https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html",
            says = "Numeric matching ... Prefix matching ... (content filtering operators of event patterns)")
    void patternWithNumericRangeAndPrefixMatches() throws Exception {
        String url = queue("matched", Map.of());
        aws.events().putRule(r -> r.name("matching").eventPattern("{\"source\":[{\"prefix\":\"conformance.\"}],"
                + "\"detail\":{\"total\":[{\"numeric\":[\">\",1000,\"<=\",5000]}]}}"));
        aws.events().putTargets(r -> r.rule("matching").targets(t -> t.id("q").arn(queueArn(url))));

        aws.events().putEvents(r -> r.entries(
                e -> e.source("conformance.orders").detailType("Order").detail("{\"total\":1000,\"n\":\"at-1000\"}"),
                e -> e.source("conformance.orders").detailType("Order").detail("{\"total\":1000.5,\"n\":\"over\"}"),
                e -> e.source("other.orders").detailType("Order").detail("{\"total\":2000,\"n\":\"other-source\"}"),
                e -> e.source("conformance.orders").detailType("Order").detail("{\"total\":5001,\"n\":\"too-big\"}")));

        List<String> bodies = drain(url, 1);
        Thread.sleep(1000);
        bodies.addAll(aws.sqs().receiveMessage(r -> r.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1))
                .messages().stream().map(Message::body).toList());
        assertThat(bodies).hasSize(1);
        assertThat(JSON.readTree(bodies.get(0)).at("/detail/n").asText()).isEqualTo("over");
    }

    @Test
    @ConformanceCase(id = "events.target-dlq.error-attributes", title = "An event its target cannot take goes to the target's dead-letter queue with EventBridge's error attributes",
            aws = "https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-dlq.html",
            says = "Each message sent to the dead-letter queue includes the following custom attributes: ERROR_CODE, ERROR_MESSAGE, EXHAUSTED_RETRY_CONDITION, RETRY_ATTEMPTS, RULE_ARN, TARGET_ARN")
    void undeliverableEventGoesToTheTargetDeadLetterQueue() throws Exception {
        String dlq = queue("target-dlq", Map.of());
        String missing = queueArn(dlq).replace("target-dlq", "no-such-queue");
        aws.events().putRule(r -> r.name("undeliverable").eventPattern("{\"source\":[\"conformance.dlq\"]}"));
        aws.events().putTargets(r -> r.rule("undeliverable").targets(t -> t.id("gone").arn(missing)
                .retryPolicy(p -> p.maximumRetryAttempts(0)).deadLetterConfig(d -> d.arn(queueArn(dlq)))));

        aws.events().putEvents(r -> r.entries(e -> e.source("conformance.dlq").detailType("Lost")
                .detail("{\"n\":\"lost-1\"}")));

        List<Message> letters = new ArrayList<>();
        Await.until("a message on the target's dead-letter queue", Duration.ofSeconds(20), () -> {
            letters.addAll(aws.sqs().receiveMessage(r -> r.queueUrl(dlq).waitTimeSeconds(1)
                    .messageAttributeNames("All")).messages());
            return !letters.isEmpty();
        });
        assertThat(JSON.readTree(letters.get(0).body()).at("/detail/n").asText()).isEqualTo("lost-1");
        assertThat(letters.get(0).messageAttributes()).containsKeys("ERROR_CODE", "ERROR_MESSAGE",
                "EXHAUSTED_RETRY_CONDITION", "RETRY_ATTEMPTS", "RULE_ARN", "TARGET_ARN");
        assertThat(letters.get(0).messageAttributes().get("TARGET_ARN").stringValue()).isEqualTo(missing);
    }

    // ---------------------------------------------------------------------------------------------------- Lambda: SQS mappings

    private static final String ERROR_HANDLING = "https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html";
    private static final String SQS_PARAMETERS = "https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-parameters.html";
    private static final String CREATE_MAPPING = "https://docs.aws.amazon.com/lambda/latest/api/API_CreateEventSourceMapping.html";

    @Test
    @ConformanceCase(id = "esm.partial-batch.not-json", title = "A partial batch response that is not JSON fails the whole batch",
            aws = ERROR_HANDLING, says = "Lambda treats a batch as a complete failure if your function returns any of the following: An invalid JSON response",
            needsLambda = true)
    void notJsonFailsTheWholeBatch() throws Exception {
        assertWholeBatchFails("not-json");
    }

    @Test
    @ConformanceCase(id = "esm.partial-batch.empty-item-identifier", title = "An empty itemIdentifier fails the whole batch",
            aws = ERROR_HANDLING, says = "Lambda treats a batch as a complete failure if your function returns any of the following: ... An empty string itemIdentifier",
            needsLambda = true)
    void emptyItemIdentifierFailsTheWholeBatch() throws Exception {
        assertWholeBatchFails("empty-id");
    }

    @Test
    @ConformanceCase(id = "esm.partial-batch.null-item-identifier", title = "A null itemIdentifier fails the whole batch",
            aws = ERROR_HANDLING, says = "Lambda treats a batch as a complete failure if your function returns any of the following: ... A null itemIdentifier",
            needsLambda = true)
    void nullItemIdentifierFailsTheWholeBatch() throws Exception {
        assertWholeBatchFails("null-id");
    }

    @Test
    @ConformanceCase(id = "esm.partial-batch.bad-key-name", title = "An itemIdentifier under a wrong key name fails the whole batch",
            aws = ERROR_HANDLING, says = "Lambda treats a batch as a complete failure if your function returns any of the following: ... An itemIdentifier with a bad key name",
            needsLambda = true)
    void misnamedKeyFailsTheWholeBatch() throws Exception {
        assertWholeBatchFails("misnamed-key");
    }

    @Test
    @ConformanceCase(id = "esm.partial-batch.unknown-message-id", title = "An itemIdentifier naming no message of the batch fails the whole batch",
            aws = ERROR_HANDLING, says = "Lambda treats a batch as a complete failure if your function returns any of the following: ... An itemIdentifier value with a message ID that doesn't exist",
            needsLambda = true)
    void unknownMessageIdFailsTheWholeBatch() throws Exception {
        assertWholeBatchFails("unknown-id");
    }

    @Test
    @ConformanceCase(id = "esm.partial-batch.empty-list", title = "An empty batchItemFailures list is a complete success",
            aws = ERROR_HANDLING, says = "Lambda treats a batch as a complete success if your function returns any of the following: An empty batchItemFailures list",
            needsLambda = true)
    void emptyListIsSuccess() throws Exception {
        assertWholeBatchSucceeds("ok");
    }

    @Test
    @ConformanceCase(id = "esm.partial-batch.null-list", title = "A null batchItemFailures list is a complete success",
            aws = ERROR_HANDLING, says = "Lambda treats a batch as a complete success if your function returns any of the following: ... A null batchItemFailures list",
            needsLambda = true)
    void nullListIsSuccess() throws Exception {
        assertWholeBatchSucceeds("null-list");
    }

    @Test
    @ConformanceCase(id = "esm.function-error.whole-batch-returns", title = "A function error returns every message of the batch to the queue",
            aws = "https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html",
            says = "By default, if Lambda encounters an error at any point while processing a batch, all messages in that batch return to the queue.",
            needsLambda = true)
    void functionErrorReturnsTheWholeBatch() throws Exception {
        assertWholeBatchFails("throw");
    }

    @Test
    @ConformanceCase(id = "esm.partial-batch.only-failed-return", title = "With ReportBatchItemFailures only the reported messages come back; the rest are deleted",
            aws = "https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html",
            says = "You can configure your event source mapping to use partial batch responses to return only the failed messages back to the queue.",
            needsLambda = true)
    void onlyTheReportedMessagesComeBack() throws Exception {
        functions();
        String dlq = queue("each-dlq", Map.of());
        String url = queue("each", Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "4",
                QueueAttributeName.REDRIVE_POLICY, redrive(dlq, 3)));
        for (String body : List.of("each-1", "each-fail-2", "each-3")) {
            aws.sqs().sendMessage(r -> r.queueUrl(url).messageBody(body));
        }

        String uuid = map(url, 10);
        try {
            Await.until("each-fail-2 delivered a second time", WAIT, () -> recordLines().contains("each-fail-2 2"));
            Await.until("the queue drained", WAIT, () -> depth(url) == 0);
        } finally {
            aws.lambda().deleteEventSourceMapping(r -> r.uuid(uuid));
        }

        assertThat(recordLines().stream().filter(line -> line.startsWith("each-")).toList())
                .containsExactlyInAnyOrder("each-1 1", "each-fail-2 1", "each-3 1", "each-fail-2 2");
        assertThat(depth(dlq)).isZero();
    }

    @Test
    @ConformanceCase(id = "esm.batch-size.honoured", title = "No invoke carries more records than the mapping's BatchSize",
            aws = CREATE_MAPPING, says = "BatchSize – The maximum number of records in each batch that Lambda pulls from your stream or queue and sends to your function.",
            needsLambda = true)
    void noInvokeCarriesMoreThanTheBatchSize() throws Exception {
        functions();
        String url = queue("sized", Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "4"));
        for (int i = 0; i < 7; i++) {
            String body = "sized-" + i;
            aws.sqs().sendMessage(r -> r.queueUrl(url).messageBody(body));
        }

        String uuid = map(url, 2);
        try {
            Await.until("the 7 messages processed", WAIT, () -> depth(url) == 0
                    && recordLines().stream().filter(line -> line.startsWith("sized-")).count() == 7);
        } finally {
            aws.lambda().deleteEventSourceMapping(r -> r.uuid(uuid));
        }

        List<Integer> sizes = new ArrayList<>();
        List<String> lines = recordLines();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("batch ") && i + 1 < lines.size() && lines.get(i + 1).startsWith("sized-")) {
                sizes.add(Integer.parseInt(lines.get(i).split(" ")[1]));
            }
        }
        assertThat(sizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(7);
        assertThat(sizes).allSatisfy(size -> assertThat(size).isBetween(1, 2));
    }

    @Test
    @ConformanceCase(id = "esm.fifo.failed-and-rest-redelivered-in-order", title = "FIFO: the failed message and the rest of the batch come back, in order; the one before is deleted",
            aws = ERROR_HANDLING, says = "If you're using this feature with a FIFO queue, your function should stop processing messages after the first failure and return all failed and unprocessed messages in batchItemFailures. This helps preserve the ordering of messages in your queue.",
            needsLambda = true)
    void fifoFailedMessageAndTheRestComeBackInOrder() throws Exception {
        functions();
        String dlq = queue("fifo-rest-dlq.fifo", Map.of(QueueAttributeName.FIFO_QUEUE, "true"));
        String url = queue("fifo-rest.fifo", Map.of(QueueAttributeName.FIFO_QUEUE, "true",
                QueueAttributeName.CONTENT_BASED_DEDUPLICATION, "true", QueueAttributeName.VISIBILITY_TIMEOUT, "4",
                QueueAttributeName.REDRIVE_POLICY, redrive(dlq, 3)));
        for (String body : List.of("fifo-m1", "fail-fifo-m2", "fifo-m3")) {
            aws.sqs().sendMessage(r -> r.queueUrl(url).messageBody(body).messageGroupId("g"));
        }

        String uuid = map(url, 10);
        try {
            Await.until("fifo-m3 delivered a second time", WAIT, () -> recordLines().contains("fifo-m3 2"));
            Await.until("the FIFO queue drained", WAIT, () -> depth(url) == 0);
        } finally {
            aws.lambda().deleteEventSourceMapping(r -> r.uuid(uuid));
        }

        assertThat(recordLines().stream().filter(line -> line.contains("fifo-m")).toList())
                .containsExactly("fifo-m1 1", "fail-fifo-m2 1", "fifo-m3 1", "fail-fifo-m2 2", "fifo-m3 2");
        assertThat(depth(dlq)).isZero();
    }

    @Test
    @ConformanceCase(id = "esm.validation.function-timeout-over-visibility", title = "Creating a mapping whose function timeout exceeds the queue's visibility timeout fails",
            aws = "https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html",
            says = "Lambda validates this requirement when you create or update an event source mapping and will return an error if the function timeout exceeds the queue's visibility timeout.",
            needsLambda = true)
    void mappingRefusedWhenTheFunctionTimeoutExceedsTheVisibilityTimeout() throws Exception {
        functions();
        String url = queue("short-visibility", Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "2"));

        assertThatThrownBy(() -> map(url, 10))
                .isInstanceOfSatisfying(LambdaException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterValueException");
                    assertThat(e.awsErrorDetails().errorMessage())
                            .isEqualTo("Queue visibility timeout: 2 seconds is less than Function timeout: 3 seconds");
                });
    }

    @Test
    @ConformanceCase(id = "esm.validation.fifo-batching-window", title = "A batching window on a FIFO queue's mapping is refused",
            aws = SQS_PARAMETERS, says = "MaximumBatchingWindowInSeconds ... Batching window is not supported for FIFO queues",
            needsLambda = true)
    void fifoMappingWithABatchingWindowIsRefused() throws Exception {
        functions();
        String url = queue("windowed.fifo", Map.of(QueueAttributeName.FIFO_QUEUE, "true",
                QueueAttributeName.VISIBILITY_TIMEOUT, "30"));

        assertThatThrownBy(() -> aws.lambda().createEventSourceMapping(r -> r.functionName("respond")
                .eventSourceArn(queueArn(url)).maximumBatchingWindowInSeconds(1)))
                .isInstanceOfSatisfying(LambdaException.class, e -> assertThat(e.awsErrorDetails().errorCode())
                        .isEqualTo("InvalidParameterValueException"));
    }

    @Test
    @ConformanceCase(id = "esm.validation.batch-over-10-needs-window", title = "BatchSize above 10 without a batching window is refused, in AWS's words",
            aws = CREATE_MAPPING, says = "For streams and Amazon SQS event sources, when you set BatchSize to a value greater than 10, you must set MaximumBatchingWindowInSeconds to at least 1.",
            needsLambda = true)
    void batchSizeOverTenWithoutAWindowIsRefused() throws Exception {
        functions();
        String url = queue("unwindowed", Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "30"));

        assertThatThrownBy(() -> map(url, 11))
                .isInstanceOfSatisfying(LambdaException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterValueException");
                    assertThat(e.awsErrorDetails().errorMessage()).startsWith("Maximum batch window in seconds must be "
                            + "greater than 0 if maximum batch size is greater than 10");
                });
    }

    @Test
    @ConformanceCase(id = "esm.validation.ranges", title = "BatchSize over 10,000 (standard) or 10 (FIFO) and a window over 300 s are refused",
            aws = SQS_PARAMETERS, says = "BatchSize ... For standard queues, the maximum is 10,000. For FIFO queues, the maximum is 10.",
            needsLambda = true)
    void outOfRangeSettingsAreRefused() throws Exception {
        functions();
        String standard = queue("ranged", Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "30"));
        String fifo = queue("ranged.fifo", Map.of(QueueAttributeName.FIFO_QUEUE, "true",
                QueueAttributeName.VISIBILITY_TIMEOUT, "30"));

        assertThatThrownBy(() -> aws.lambda().createEventSourceMapping(r -> r.functionName("respond")
                .eventSourceArn(queueArn(standard)).batchSize(10_001).maximumBatchingWindowInSeconds(1)))
                .isInstanceOfSatisfying(LambdaException.class, e -> assertThat(e.statusCode()).isEqualTo(400));
        assertThatThrownBy(() -> aws.lambda().createEventSourceMapping(r -> r.functionName("respond")
                .eventSourceArn(queueArn(fifo)).batchSize(11)))
                .isInstanceOfSatisfying(LambdaException.class, e -> assertThat(e.statusCode()).isEqualTo(400));
        assertThatThrownBy(() -> aws.lambda().createEventSourceMapping(r -> r.functionName("respond")
                .eventSourceArn(queueArn(standard)).batchSize(100).maximumBatchingWindowInSeconds(301)))
                .isInstanceOfSatisfying(LambdaException.class, e -> assertThat(e.statusCode()).isEqualTo(400));
        assertThat(aws.lambda().listEventSourceMappings(r -> r.functionName("respond")).eventSourceMappings()
                .stream().filter(m -> m.eventSourceArn().contains("ranged")).toList()).isEmpty();
    }

    @Test
    @ConformanceCase(id = "esm.validation.maximum-concurrency-range", title = "ScalingConfig.MaximumConcurrency outside 2-1,000 is refused",
            aws = "https://docs.aws.amazon.com/lambda/latest/api/API_ScalingConfig.html",
            says = "MaximumConcurrency ... Valid Range: Minimum value of 2. Maximum value of 1000.",
            needsLambda = true)
    void maximumConcurrencyOutOfRangeIsRefused() throws Exception {
        functions();
        String url = queue("capped", Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "30"));

        for (int given : new int[] {1, 1001}) {
            assertThatThrownBy(() -> aws.lambda().createEventSourceMapping(r -> r.functionName("respond")
                    .eventSourceArn(queueArn(url)).scalingConfig(c -> c.maximumConcurrency(given))))
                    .as("MaximumConcurrency " + given)
                    .isInstanceOfSatisfying(LambdaException.class, e -> assertThat(e.statusCode()).isEqualTo(400));
        }
        assertThat(aws.lambda().listEventSourceMappings(r -> r.functionName("respond")).eventSourceMappings()
                .stream().filter(m -> m.eventSourceArn().endsWith(":capped")).toList()).isEmpty();
    }

    @Test
    @ConformanceCase(id = "esm.payload.six-mb-per-invoke", title = "Eight 1 MB messages reach the function in invokes of at most 6 MB each",
            aws = "https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html",
            says = "Lambda ... invokes your function ... with a batch of messages ... as long as the total size of the events doesn't exceed the invocation payload size quota for synchronous invocation (6 MB).",
            needsLambda = true)
    void mappingSplitsBatchesAtSixMegabytes() throws Exception {
        functions();
        Path bigRecords = dir.resolve("big-records.log");
        createFunction("respond-big", RESPOND, Map.of("RECORD_FILE", bigRecords.toString()));
        String url = queue("big", Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "30",
                QueueAttributeName.MAXIMUM_MESSAGE_SIZE, Integer.toString(ONE_MIB)));
        for (int i = 0; i < 8; i++) {
            String body = "big-" + i + " " + "x".repeat(1_000_000);
            aws.sqs().sendMessage(r -> r.queueUrl(url).messageBody(body));
        }

        String uuid = aws.lambda().createEventSourceMapping(r -> r.functionName("respond-big")
                .eventSourceArn(queueArn(url)).batchSize(10)
                .functionResponseTypes(FunctionResponseType.REPORT_BATCH_ITEM_FAILURES)).uuid();
        try {
            Await.until("the 1 MB messages processed", WAIT, () -> depth(url) == 0);
        } finally {
            aws.lambda().deleteEventSourceMapping(r -> r.uuid(uuid));
        }

        List<String[]> batches = Files.readAllLines(bigRecords).stream().filter(line -> line.startsWith("batch "))
                .map(line -> line.split(" ")).toList();
        assertThat(batches.stream().mapToInt(batch -> Integer.parseInt(batch[1])).sum()).isEqualTo(8);
        assertThat(batches).allSatisfy(batch -> assertThat(Long.parseLong(batch[2])).isLessThanOrEqualTo(6L * ONE_MIB));
        assertThat(Files.readAllLines(bigRecords).stream().filter(line -> line.startsWith("big-")).toList())
                .as("each message once").hasSize(8).allSatisfy(line -> assertThat(line).endsWith(" 1"));
    }

    // ---------------------------------------------------------------------------------------------------- Lambda: async

    private static final String LAMBDA_QUOTAS = "https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html";

    @Test
    @ConformanceCase(id = "lambda.async.payload-at-limit", title = "An asynchronous invoke with a 1 MB payload is accepted",
            aws = LAMBDA_QUOTAS, says = "Invocation payload (request and response) ... 1 MB for asynchronous invocation requests",
            needsLambda = true)
    void asyncInvokeAtTheLimitIsAccepted() throws Exception {
        functions();
        String payload = paddedJson(ONE_MIB);

        var accepted = aws.lambda().invoke(r -> r.functionName("echo").invocationType(InvocationType.EVENT)
                .payload(SdkBytes.fromUtf8String(payload)));

        assertThat(accepted.statusCode()).isEqualTo(202);
    }

    @Test
    @ConformanceCase(id = "lambda.async.payload-over-limit", title = "An asynchronous invoke one byte over 1 MB is refused with RequestEntityTooLargeException",
            aws = LAMBDA_QUOTAS, says = "Invocation payload (request and response) ... 1 MB for asynchronous invocation requests",
            needsLambda = true)
    void asyncInvokeOneByteOverTheLimitIsRefused() throws Exception {
        functions();
        String payload = paddedJson(ONE_MIB + 1);

        assertThatThrownBy(() -> aws.lambda().invoke(r -> r.functionName("echo").invocationType(InvocationType.EVENT)
                .payload(SdkBytes.fromUtf8String(payload))))
                .isInstanceOfSatisfying(LambdaException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(413);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("RequestEntityTooLargeException");
                });
    }

    @Test
    @ConformanceCase(id = "lambda.async.on-failure-destination", title = "A failed asynchronous event goes to the on-failure destination with its invocation record",
            aws = "https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html",
            says = "The invocation record contains details about the request and response in JSON format. ... \"condition\": \"RetriesExhausted\", \"approximateInvokeCount\"",
            needsLambda = true)
    void failedAsyncEventReachesTheOnFailureDestination() throws Exception {
        functions();
        String failures = queue("async-failures", Map.of());
        aws.lambda().putFunctionEventInvokeConfig(r -> r.functionName("echo").maximumRetryAttempts(0)
                .destinationConfig(d -> d.onFailure(f -> f.destination(queueArn(failures)))));

        aws.lambda().invoke(r -> r.functionName("echo").invocationType(InvocationType.EVENT)
                .payload(SdkBytes.fromUtf8String("{\"action\":\"fail\",\"order\":42}")));

        JsonNode record = JSON.readTree(drain(failures, 1).get(0));
        assertThat(record.at("/requestContext/condition").asText()).isEqualTo("RetriesExhausted");
        assertThat(record.at("/requestContext/approximateInvokeCount").asInt()).isEqualTo(1);
        assertThat(record.at("/requestPayload/order").asInt()).isEqualTo(42);
        assertThat(record.at("/responseContext/functionError").asText()).isEqualTo("Unhandled");
    }

    @Test
    @ConformanceCase(id = "lambda.async.retries", title = "MaximumRetryAttempts 1: a failing event runs twice (after Lambda's one-minute wait), then goes to the destination",
            aws = "https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-error-handling.html",
            says = "Maximum retry attempts – The maximum number of times that Lambda retries when the function returns an error, between 0 and 2.",
            needsLambda = true)
    void failingAsyncEventIsRetriedAsConfigured() throws Exception {
        functions(); // which puts the failing event, so that Lambda's one-minute wait overlaps the other cases
        Path ran = dir.resolve("retried.log");
        String failures = aws.sqs().getQueueUrl(r -> r.queueName("retried-failures")).queueUrl();

        List<String> records = new ArrayList<>();
        Await.until("the invocation record on the destination (Lambda waits a minute before the retry)",
                Duration.ofSeconds(150), () -> {
                    aws.sqs().receiveMessage(r -> r.queueUrl(failures).waitTimeSeconds(5)).messages()
                            .forEach(message -> records.add(message.body()));
                    return !records.isEmpty();
                });
        JsonNode record = JSON.readTree(records.get(0));
        assertThat(record.at("/requestContext/condition").asText()).isEqualTo("RetriesExhausted");
        assertThat(record.at("/requestContext/approximateInvokeCount").asInt()).isEqualTo(2);
        assertThat(Files.readAllLines(ran)).containsExactly("fail", "fail");
    }

    // ---------------------------------------------------------------------------------------------------- Lambda helpers

    /** Creates "respond" (timeout 3 s, records to records.log) and "echo", and warms "respond" once. */
    private void functions() throws Exception {
        if (functionsCreated) {
            return;
        }
        createFunction("respond", RESPOND, Map.of("RECORD_FILE", records.toString()));
        createFunction("echo", TestFunctions.ECHO, Map.of());
        aws.lambda().invoke(r -> r.functionName("respond").payload(SdkBytes.fromUtf8String("{}")));
        functionsCreated = true;
        // lambda.async.retries: its event goes now, and is checked by its case (Lambda retries it after a minute)
        createFunction("echo-retried", TestFunctions.ECHO, Map.of());
        String failures = queue("retried-failures", Map.of());
        aws.lambda().putFunctionEventInvokeConfig(r -> r.functionName("echo-retried").maximumRetryAttempts(1)
                .destinationConfig(d -> d.onFailure(f -> f.destination(queueArn(failures)))));
        String event = "{\"action\":\"fail\",\"appendTo\":\"" + dir.resolve("retried.log") + "\"}";
        aws.lambda().invoke(r -> r.functionName("echo-retried").invocationType(InvocationType.EVENT)
                .payload(SdkBytes.fromUtf8String(event)));
    }

    private void createFunction(String name, String handler, Map<String, String> variables) throws Exception {
        SdkBytes zip = SdkBytes.fromByteArray(ZIP.bytes());
        aws.lambda().createFunction(r -> r.functionName(name).runtime(Runtime.JAVA21).handler(handler)
                .role("arn:aws:iam::000000000000:role/conformance").timeout(3).memorySize(512)
                .environment(e -> e.variables(variables)).code(c -> c.zipFile(zip)));
    }

    private String map(String url, int batchSize) {
        return aws.lambda().createEventSourceMapping(r -> r.functionName("respond").eventSourceArn(queueArn(url))
                .batchSize(batchSize).functionResponseTypes(FunctionResponseType.REPORT_BATCH_ITEM_FAILURES)).uuid();
    }

    private String redrive(String dlqUrl, int maxReceiveCount) {
        return "{\"deadLetterTargetArn\":\"" + queueArn(dlqUrl) + "\",\"maxReceiveCount\":\"" + maxReceiveCount + "\"}";
    }

    /** Three messages whose first word is {@code word}-1..3 on a queue with maxReceiveCount 1, mapped to "respond". */
    private List<String> mappedBatch(String word, String url) {
        List<String> bodies = List.of(word + "-1", word + "-2", word + "-3");
        for (String body : bodies) {
            aws.sqs().sendMessage(r -> r.queueUrl(url).messageBody(body));
        }
        return bodies;
    }

    private void assertWholeBatchFails(String word) throws Exception {
        functions();
        String dlq = queue(word + "-dlq", Map.of());
        String url = queue(word, Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "4",
                QueueAttributeName.REDRIVE_POLICY, redrive(dlq, 1)));
        List<String> bodies = mappedBatch(word, url);

        String uuid = map(url, 10);
        List<String> deadLetters;
        try {
            deadLetters = drain(dlq, bodies.size());
        } finally {
            aws.lambda().deleteEventSourceMapping(r -> r.uuid(uuid));
        }

        assertThat(deadLetters).as("every message of the batch failed").containsExactlyInAnyOrderElementsOf(bodies);
        assertThat(recordLines()).as("the handler saw each message").containsAll(
                bodies.stream().map(body -> body + " 1").toList());
    }

    private void assertWholeBatchSucceeds(String word) throws Exception {
        functions();
        String dlq = queue(word + "-dlq", Map.of());
        String url = queue(word, Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "4",
                QueueAttributeName.REDRIVE_POLICY, redrive(dlq, 1)));
        List<String> bodies = mappedBatch(word, url);

        String uuid = map(url, 10);
        try {
            Await.until("the handler saw " + bodies, WAIT, () -> recordLines().containsAll(
                    bodies.stream().map(body -> body + " 1").toList()));
            Await.until(word + " drained", WAIT, () -> depth(url) == 0);
        } finally {
            aws.lambda().deleteEventSourceMapping(r -> r.uuid(uuid));
        }

        assertThat(depth(dlq)).isZero();
        assertThat(recordLines().stream().filter(line -> line.startsWith(word + "-")).toList())
                .as("each message once").hasSize(bodies.size());
    }

    private List<String> recordLines() {
        try {
            return Files.exists(records) ? Files.readAllLines(records) : List.of();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A JSON object {@code {"padding":"xx..."}} of exactly {@code size} bytes. */
    private static String paddedJson(int size) {
        String prefix = "{\"padding\":\"";
        return prefix + "x".repeat(size - prefix.length() - 2) + "\"}";
    }

    // ---------------------------------------------------------------------------------------------------- helpers

    private String queue(String name, Map<QueueAttributeName, String> attributes) {
        return aws.sqs().createQueue(r -> r.queueName(name).attributes(attributes)).queueUrl();
    }

    String queueArn(String url) {
        return aws.sqs().getQueueAttributes(r -> r.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
    }

    private int depth(String url) {
        Map<QueueAttributeName, String> attributes = aws.sqs().getQueueAttributes(r -> r.queueUrl(url).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
        return Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                + Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }

    /** Receives one message, leaving it invisible for {@code visibilitySeconds}; fails when none comes in 5 s. */
    private Message receiveOne(String url, int visibilitySeconds) {
        List<Message> messages = aws.sqs().receiveMessage(r -> r.queueUrl(url).visibilityTimeout(visibilitySeconds)
                .waitTimeSeconds(5).messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT))
                .messages();
        assertThat(messages).as("a message on " + url).hasSize(1);
        return messages.get(0);
    }

    /** Receives and deletes until {@code expected} bodies came (up to a minute); returns them. */
    private List<String> drain(String url, int expected) throws InterruptedException {
        List<String> bodies = new ArrayList<>();
        Await.until(expected + " message(s) on " + url + " (so far " + bodies + ")", WAIT, () -> {
            for (Message message : aws.sqs().receiveMessage(r -> r.queueUrl(url).maxNumberOfMessages(10)
                    .waitTimeSeconds(1)).messages()) {
                bodies.add(message.body());
                aws.sqs().deleteMessage(r -> r.queueUrl(url).receiptHandle(message.receiptHandle()));
            }
            return bodies.size() >= expected;
        });
        return bodies;
    }

    /** An entry whose size as AWS computes it (no Time: Source + DetailType + Detail) is {@code size} bytes. */
    private static PutEventsRequestEntry sizedEntry(int size) {
        String source = "conformance";
        String detailType = "Sized";
        String prefix = "{\"padding\":\"";
        String suffix = "\"}";
        int padding = size - source.length() - detailType.length() - prefix.length() - suffix.length();
        String detail = prefix + "x".repeat(padding) + suffix;
        assertThat(source.length() + detailType.length() + detail.getBytes(StandardCharsets.UTF_8).length)
                .isEqualTo(size);
        return PutEventsRequestEntry.builder().source(source).detailType(detailType).detail(detail).build();
    }
}
