package dev.sluice.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.testing.Await;
import dev.sluice.testing.HandlerZip;
import dev.sluice.testing.TestFunctions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.eventbridge.model.EventBridgeException;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.Target;
import software.amazon.awssdk.services.lambda.model.CreateEventSourceMappingRequest;
import software.amazon.awssdk.services.lambda.model.FunctionResponseType;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.LambdaException;
import software.amazon.awssdk.services.lambda.model.PutFunctionEventInvokeConfigRequest;
import software.amazon.awssdk.services.lambda.model.Runtime;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.SqsException;

/**
 * The conformance suite: one case per documented AWS behaviour, each citing the AWS page and sentence it checks, all
 * through the AWS SDK. The cases are the rows of {@link #CASES} (one dynamic test each, in that order); their checks
 * are the methods below. Subclasses say where it runs: {@link SluiceConformanceTest} (Sluice's local cloud, every case)
 * and {@link LocalStackConformanceTest} (LocalStack 4.14.0 in host mode, the cases that need no Lambda function).
 * {@link ConformanceRecorder} records each result; after the class, {@code docs/CONFORMANCE.md} is rendered
 * ({@link ConformanceDoc}) and must list every case that ran. Where AWS's exact error text is not published anywhere
 * we could find, a case asserts the error code only and its title says so.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ConformanceCases {

    static final int ONE_MIB = 1_048_576;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(60);
    /** A detail {@code note} SQS refuses in a body (a control character), as the JSON of an event's detail writes it. */
    private static final String REFUSED_BY_SQS = "bad\\u0001";

    private static final String SEND_MESSAGE = awsDocs("AWSSimpleQueueService/latest/APIReference/API_SendMessage.html");
    private static final String SEND_MESSAGE_BATCH = awsDocs("AWSSimpleQueueService/latest/APIReference/API_SendMessageBatch.html");
    private static final String PATTERN_OPERATORS = awsDocs("eventbridge/latest/userguide/eb-create-pattern-operators.html");
    private static final String PUT_EVENTS_SIZE = awsDocs("eventbridge/latest/userguide/eb-putevent-size.html");
    private static final String ONE_MB_BLOG = "https://aws.amazon.com/blogs/compute/more-room-to-build-serverless-services-now-support-payloads-up-to-1-mb";
    private static final String EVENTS_DLQ = awsDocs("eventbridge/latest/userguide/eb-rule-dlq.html");
    private static final String ERROR_HANDLING = awsDocs("lambda/latest/dg/services-sqs-errorhandling.html");
    private static final String SQS_CONFIGURE = awsDocs("lambda/latest/dg/services-sqs-configure.html");
    private static final String SQS_PARAMETERS = awsDocs("lambda/latest/dg/services-sqs-parameters.html");
    private static final String CREATE_MAPPING = awsDocs("lambda/latest/api/API_CreateEventSourceMapping.html");
    private static final String LAMBDA_QUOTAS = awsDocs("lambda/latest/dg/gettingstarted-limits.html");

    /** Every case, in the order they run; the doc lists them by id. */
    static final List<ConformanceCase> CASES = List.of(
            // ------------------------------------------------------------------------------------------------ SQS
            anywhere("sqs.message-size.at-limit", "SendMessage with a 1 MiB body is accepted and received whole",
                    SEND_MESSAGE, "The maximum size is 1 MiB or 1,048,576 bytes",
                    ConformanceCases::sqsMessageAtTheSizeLimitIsAccepted),
            anywhere("sqs.message-size.over-limit", "SendMessage one byte over 1 MiB is refused, nothing is queued",
                    SEND_MESSAGE, "The maximum size is 1 MiB or 1,048,576 bytes",
                    ConformanceCases::sqsMessageOneByteOverTheLimitIsRefused),
            anywhere("sqs.receive-count", "ApproximateReceiveCount counts the receives of a message not deleted",
                    awsDocs("AWSSimpleQueueService/latest/APIReference/API_ReceiveMessage.html"),
                    "ApproximateReceiveCount – Returns the number of times a message has been received across all queues but not deleted.",
                    ConformanceCases::approximateReceiveCountCountsReceives),
            anywhere("sqs.redrive.max-receive-count", "After maxReceiveCount receives the message moves to the dead-letter queue",
                    awsDocs("AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-dead-letter-queues.html"),
                    "maxReceiveCount – The number of times a message is delivered to the source queue before being moved to the dead-letter queue.",
                    ConformanceCases::redriveMovesTheMessageAfterMaxReceiveCount),
            anywhere("sqs.fifo.group-order", "FIFO: one message group at a time, in order; other groups are not blocked",
                    awsDocs("AWSSimpleQueueService/latest/SQSDeveloperGuide/FIFO-queues-understanding-logic.html"),
                    "When you receive a message with a message group ID, no more messages for the same message group ID are returned unless you delete the message or it becomes visible.",
                    ConformanceCases::fifoKeepsOrderPerGroup),
            anywhere("sqs.send-message-batch.total-at-limit", "SendMessageBatch whose bodies add up to exactly 1 MiB is accepted",
                    SEND_MESSAGE_BATCH, "The maximum allowed individual message size and the maximum total payload size (the sum of the individual lengths of all of the batched messages) are both 1 MiB (1,048,576 bytes).",
                    ConformanceCases::sendMessageBatchOfTheCasesTotal),
            anywhere("sqs.send-message-batch.total-over-limit", "SendMessageBatch whose bodies add up to 1 MiB + 1 byte is refused with BatchRequestTooLong",
                    SEND_MESSAGE_BATCH, "The maximum allowed individual message size and the maximum total payload size (the sum of the individual lengths of all of the batched messages) are both 1 MiB (1,048,576 bytes).",
                    ConformanceCases::sendMessageBatchOfTheCasesTotal),
            // ------------------------------------------------------------------------------------------------ EventBridge
            anywhere("events.pattern.anything-but-and-exists", "anything-but and exists:false: only the matching event is delivered",
                    PATTERN_OPERATORS, "Anything-but matching matches anything except what's provided in the rule. ... Exists matching only works on leaf nodes.",
                    ConformanceCases::patternWithAnythingButAndExistsMatches),
            anywhere("events.pattern.numeric-and-prefix", "Numeric range and prefix matching: only the matching event is delivered",
                    PATTERN_OPERATORS, "Numeric matching ... Prefix matching ... (content filtering operators of event patterns)",
                    ConformanceCases::patternWithNumericRangeAndPrefixMatches),
            anywhere("events.entry-size.at-limit", "PutEvents accepts an entry of exactly 1 MB (Source + DetailType + Detail)",
                    PUT_EVENTS_SIZE, "EventBridge calculates the PutEventsRequestEntry size as follows: ... (limit raised from 256 KB to 1 MB on 2026-01-29: " + ONE_MB_BLOG + ")",
                    ConformanceCases::putEventsEntryAtTheSizeLimitIsAccepted),
            anywhere("events.entry-size.over-limit", "PutEvents refuses an entry one byte over 1 MB",
                    PUT_EVENTS_SIZE, "EventBridge calculates the PutEventsRequestEntry size as follows: ... (limit 1 MB since 2026-01-29: " + ONE_MB_BLOG + ")",
                    ConformanceCases::putEventsEntryOneByteOverTheLimitIsRefused),
            anywhere("events.put-events.max-entries", "PutEvents with 11 entries is refused (status only: AWS's text is not published)",
                    awsDocs("eventbridge/latest/APIReference/API_PutEvents.html"),
                    "Entries ... Array Members: Minimum number of 1 item. Maximum number of 10 items.",
                    ConformanceCases::putEventsRefusesElevenEntries),
            anywhere("events.input-transformer", "An input transformer fills the template from the event's paths",
                    awsDocs("eventbridge/latest/userguide/eb-transform-target-input.html"),
                    "Use the input transformer to customize the text from an event before EventBridge passes the information to the target of a rule.",
                    ConformanceCases::inputTransformerRendersTheTemplate),
            anywhere("events.target-dlq.error-attributes", "An event its target cannot take goes to the target's dead-letter queue with EventBridge's error attributes",
                    EVENTS_DLQ, "Each message sent to the dead-letter queue includes the following custom attributes: ERROR_CODE, ERROR_MESSAGE, EXHAUSTED_RETRY_CONDITION, RETRY_ATTEMPTS, RULE_ARN, TARGET_ARN",
                    ConformanceCases::undeliverableEventGoesToTheTargetDeadLetterQueue),
            anywhere("events.target-retry.gone-target-not-retried", "A target that does not exist is not retried (MaximumRetryAttempts 5): dead-lettered at once, RETRY_ATTEMPTS 0",
                    EVENTS_DLQ, "For example, for errors that result from missing permissions to a target, or a target resource that no longer exists, all retry attempts fail until an action is taken to resolve the underlying issue. Rather than retrying, EventBridge sends these events directly to the DLQ, if you have one.",
                    ConformanceCases::goneTargetIsDeadLetteredWithoutRetries),
            anywhere("events.target-retry.maximum-retry-attempts", "MaximumRetryAttempts 2: a failing send is tried 3 times with backoff, then dead-lettered with RETRY_ATTEMPTS 2 (the failure: a body SQS refuses, which Sluice retries)",
                    awsDocs("eventbridge/latest/userguide/eb-rule-retry-policy.html"),
                    "When an event isn't successfully delivered to a target because of retriable errors, EventBridge retries sending the event. You set the length of time it tries, and number of retry attempts in the Retry policy settings for the target.",
                    ConformanceCases::refusedSendIsRetriedThenDeadLettered),
            anywhere("events.target-retry.policy-ranges", "A RetryPolicy with MaximumEventAgeInSeconds 59 or MaximumRetryAttempts 186 is refused (status only: AWS's text is not published)",
                    awsDocs("eventbridge/latest/APIReference/API_RetryPolicy.html"),
                    "MaximumEventAgeInSeconds ... Valid Range: Minimum value of 60. Maximum value of 86400. ... MaximumRetryAttempts ... Valid Range: Minimum value of 0. Maximum value of 185.",
                    ConformanceCases::retryPolicyOutOfRangeIsRefused),
            // ------------------------------------------------------------------------------------------------ Lambda: SQS mappings
            withLambda("esm.partial-batch.not-json", "A partial batch response that is not JSON fails the whole batch",
                    ERROR_HANDLING, "Lambda treats a batch as a complete failure if your function returns any of the following: An invalid JSON response",
                    ConformanceCases::wholeBatchFails),
            withLambda("esm.partial-batch.empty-item-identifier", "An empty itemIdentifier fails the whole batch",
                    ERROR_HANDLING, "Lambda treats a batch as a complete failure if your function returns any of the following: ... An empty string itemIdentifier",
                    ConformanceCases::wholeBatchFails),
            withLambda("esm.partial-batch.null-item-identifier", "A null itemIdentifier fails the whole batch",
                    ERROR_HANDLING, "Lambda treats a batch as a complete failure if your function returns any of the following: ... A null itemIdentifier",
                    ConformanceCases::wholeBatchFails),
            withLambda("esm.partial-batch.bad-key-name", "An itemIdentifier under a wrong key name fails the whole batch",
                    ERROR_HANDLING, "Lambda treats a batch as a complete failure if your function returns any of the following: ... An itemIdentifier with a bad key name",
                    ConformanceCases::wholeBatchFails),
            withLambda("esm.partial-batch.unknown-message-id", "An itemIdentifier naming no message of the batch fails the whole batch",
                    ERROR_HANDLING, "Lambda treats a batch as a complete failure if your function returns any of the following: ... An itemIdentifier value with a message ID that doesn't exist",
                    ConformanceCases::wholeBatchFails),
            withLambda("esm.partial-batch.empty-list", "An empty batchItemFailures list is a complete success",
                    ERROR_HANDLING, "Lambda treats a batch as a complete success if your function returns any of the following: An empty batchItemFailures list",
                    ConformanceCases::wholeBatchSucceeds),
            withLambda("esm.partial-batch.null-list", "A null batchItemFailures list is a complete success",
                    ERROR_HANDLING, "Lambda treats a batch as a complete success if your function returns any of the following: ... A null batchItemFailures list",
                    ConformanceCases::wholeBatchSucceeds),
            withLambda("esm.function-error.whole-batch-returns", "A function error returns every message of the batch to the queue",
                    SQS_CONFIGURE, "By default, if Lambda encounters an error at any point while processing a batch, all messages in that batch return to the queue.",
                    ConformanceCases::wholeBatchFails),
            withLambda("esm.partial-batch.only-failed-return", "With ReportBatchItemFailures only the reported messages come back; the rest are deleted",
                    SQS_CONFIGURE, "You can configure your event source mapping to use partial batch responses to return only the failed messages back to the queue.",
                    ConformanceCases::onlyTheReportedMessagesComeBack),
            withLambda("esm.batch-size.honoured", "No invoke carries more records than the mapping's BatchSize",
                    CREATE_MAPPING, "BatchSize – The maximum number of records in each batch that Lambda pulls from your stream or queue and sends to your function.",
                    ConformanceCases::noInvokeCarriesMoreThanTheBatchSize),
            withLambda("esm.fifo.failed-and-rest-redelivered-in-order", "FIFO: the failed message and the rest of the batch come back, in order; the one before is deleted",
                    ERROR_HANDLING, "If you're using this feature with a FIFO queue, your function should stop processing messages after the first failure and return all failed and unprocessed messages in batchItemFailures. This helps preserve the ordering of messages in your queue.",
                    ConformanceCases::fifoFailedMessageAndTheRestComeBackInOrder),
            withLambda("esm.validation.function-timeout-over-visibility", "Creating a mapping whose function timeout exceeds the queue's visibility timeout fails, in AWS's words",
                    SQS_CONFIGURE, "Lambda validates this requirement when you create or update an event source mapping and will return an error if the function timeout exceeds the queue's visibility timeout.",
                    ConformanceCases::mappingRefusedWhenTheFunctionTimeoutExceedsTheVisibilityTimeout),
            withLambda("esm.validation.fifo-batching-window", "A batching window on a FIFO queue's mapping is refused (code only: AWS's text is not published)",
                    SQS_PARAMETERS, "MaximumBatchingWindowInSeconds ... Batching window is not supported for FIFO queues",
                    ConformanceCases::fifoMappingWithABatchingWindowIsRefused),
            withLambda("esm.validation.batch-over-10-needs-window", "BatchSize above 10 without a batching window is refused, in AWS's words",
                    CREATE_MAPPING, "For streams and Amazon SQS event sources, when you set BatchSize to a value greater than 10, you must set MaximumBatchingWindowInSeconds to at least 1.",
                    ConformanceCases::batchSizeOverTenWithoutAWindowIsRefused),
            withLambda("esm.validation.ranges", "BatchSize over 10,000 and a window over 300 s are refused in AWS's words; BatchSize over 10 on FIFO (code only)",
                    SQS_PARAMETERS, "BatchSize ... For standard queues, the maximum is 10,000. For FIFO queues, the maximum is 10.",
                    ConformanceCases::outOfRangeSettingsAreRefused),
            withLambda("esm.validation.maximum-concurrency-range", "ScalingConfig.MaximumConcurrency outside 2-1,000 is refused, in AWS's words",
                    awsDocs("lambda/latest/api/API_ScalingConfig.html"),
                    "MaximumConcurrency ... Valid Range: Minimum value of 2. Maximum value of 1000.",
                    ConformanceCases::maximumConcurrencyOutOfRangeIsRefused),
            withLambda("esm.payload.six-mb-per-invoke", "Eight 1 MB messages reach the function in invokes of at most 6 MB each",
                    awsDocs("lambda/latest/dg/with-sqs.html"),
                    "Lambda ... invokes your function ... with a batch of messages ... as long as the total size of the events doesn't exceed the invocation payload size quota for synchronous invocation (6 MB).",
                    ConformanceCases::mappingSplitsBatchesAtSixMegabytes),
            // ------------------------------------------------------------------------------------------------ Lambda: async
            withLambda("lambda.async.payload-at-limit", "An asynchronous invoke with a 1 MB payload is accepted",
                    LAMBDA_QUOTAS, "Invocation payload (request and response) ... 1 MB for asynchronous invocation requests",
                    ConformanceCases::asyncInvokeOfTheCasesSize),
            withLambda("lambda.async.payload-over-limit", "An asynchronous invoke one byte over 1 MB is refused with RequestEntityTooLargeException",
                    LAMBDA_QUOTAS, "Invocation payload (request and response) ... 1 MB for asynchronous invocation requests",
                    ConformanceCases::asyncInvokeOfTheCasesSize),
            withLambda("lambda.async.on-failure-destination", "A failed asynchronous event goes to the on-failure destination with its invocation record",
                    awsDocs("lambda/latest/dg/invocation-async-retain-records.html"),
                    "The invocation record contains details about the request and response in JSON format. ... \"condition\": \"RetriesExhausted\", \"approximateInvokeCount\"",
                    ConformanceCases::failedAsyncEventReachesTheOnFailureDestination),
            // the cases whose events went when the class started (putEarlyEvents(), functions()): last
            withLambda("lambda.async.retries", "MaximumRetryAttempts 1: a failing event runs twice (after Lambda's one-minute wait), then goes to the destination",
                    awsDocs("lambda/latest/dg/invocation-async-error-handling.html"),
                    "Maximum retry attempts – The maximum number of times that Lambda retries when the function returns an error, between 0 and 2.",
                    ConformanceCases::failingAsyncEventIsRetriedAsConfigured),
            withLambda("lambda.async.max-event-age", "MaximumEventAgeInSeconds 60: an event throttled (reserved concurrency 0) for a minute goes to the destination as EventAgeExceeded",
                    awsDocs("AWSCloudFormation/latest/UserGuide/aws-resource-lambda-eventinvokeconfig.html"),
                    "It retains events in a queue for up to six hours. When an event fails all processing attempts or stays in the asynchronous invocation queue for too long, Lambda discards it.",
                    ConformanceCases::agedAsyncEventReachesTheDestination),
            anywhere("events.target-retry.maximum-event-age", "MaximumEventAgeInSeconds 60: a failing send is retried with backoff until the next retry would pass 60 s, then dead-lettered (MaximumEventAgeInSeconds)",
                    awsDocs("eventbridge/latest/APIReference/API_RetryPolicy.html"),
                    "MaximumEventAgeInSeconds – The maximum amount of time, in seconds, to continue to make retry attempts. ... Retry attempts continue until either the maximum number of attempts is made or until the duration of the MaximumEventAgeInSeconds is met.",
                    ConformanceCases::agedEventIsDeadLetteredAfterMaximumEventAge));

    /** A page of AWS's documentation. */
    private static String awsDocs(String path) {
        return "https://docs.aws.amazon.com/" + path;
    }

    private static ConformanceCase anywhere(String id, String title, String aws, String says, ConformanceCase.Check check) {
        return new ConformanceCase(id, title, aws, says, false, check);
    }

    private static ConformanceCase withLambda(String id, String title, String aws, String says, ConformanceCase.Check check) {
        return new ConformanceCase(id, title, aws, says, true, check);
    }

    /**
     * An SQS handler whose answer is chosen by the first word of the first record's body (the case's word: not-json, null-list,
     * whole-batch-returns, ...); it
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
                    else if (first.startsWith("empty-item-identifier")) answer = "{\\"batchItemFailures\\":[{\\"itemIdentifier\\":\\"\\"}]}";
                    else if (first.startsWith("null-item-identifier")) answer = "{\\"batchItemFailures\\":[{\\"itemIdentifier\\":null}]}";
                    else if (first.startsWith("bad-key-name")) answer = "{\\"batchItemFailures\\":[{\\"itemId\\":\\"" + ids.get(0) + "\\"}]}";
                    else if (first.startsWith("unknown-message-id")) answer = "{\\"batchItemFailures\\":[{\\"itemIdentifier\\":\\"not-in-this-batch\\"}]}";
                    else if (first.startsWith("null-list")) answer = "{\\"batchItemFailures\\":null}";
                    else if (first.startsWith("whole-batch-returns")) throw new IllegalStateException("the batch failed on demand");
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
    /** The case running now. */
    private ConformanceCase running;
    /** The target cases' events, put when the class started, by rule name. */
    private final Map<String, EarlyEvent> early = new HashMap<>();
    private AwsClients aws;
    private Path dir;
    private Path records;

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
        putEarlyEvents();
        if (target.runsFunctions()) {
            functions(); // now: the minute two of the Lambda cases wait out overlaps all the others
        }
        Path results = ConformanceRecorder.RESULTS.resolve(target.name());
        if (Files.isDirectory(results)) {
            try (Stream<Path> old = Files.walk(results)) {
                for (Path file : old.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
    }

    /** One test per case that applies to the target; the others only get their n/a row (no test is skipped). */
    @TestFactory
    Stream<DynamicTest> cases() throws IOException {
        for (ConformanceCase conformance : CASES) {
            if (!ConformanceRecorder.applies(conformance, target)) {
                ConformanceRecorder.notApplicable(conformance, target);
            }
        }
        return CASES.stream().filter(conformance -> ConformanceRecorder.applies(conformance, target))
                .map(conformance -> DynamicTest.dynamicTest(conformance.id(), () -> {
                    running = conformance;
                    ConformanceRecorder.run(conformance, this);
                }));
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

    void sqsMessageAtTheSizeLimitIsAccepted() {
        String url = queue("size-at-limit", Map.of(QueueAttributeName.MAXIMUM_MESSAGE_SIZE, Integer.toString(ONE_MIB)));
        String body = "x".repeat(ONE_MIB);

        aws.sqs().sendMessage(r -> r.queueUrl(url).messageBody(body));

        List<Message> received = aws.sqs().receiveMessage(r -> r.queueUrl(url).waitTimeSeconds(5)).messages();
        assertThat(received).hasSize(1);
        assertThat(received.get(0).body()).hasSize(ONE_MIB).isEqualTo(body);
    }

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

    void redriveMovesTheMessageAfterMaxReceiveCount() throws Exception {
        String dlq = queue("redrive-dlq", Map.of());
        String url = queue("redrive", Map.of(QueueAttributeName.REDRIVE_POLICY, redrive(dlq, 2)));
        aws.sqs().sendMessage(r -> r.queueUrl(url).messageBody("poison"));

        receiveOne(url, 0);
        receiveOne(url, 0);
        List<Message> third = aws.sqs().receiveMessage(r -> r.queueUrl(url).waitTimeSeconds(1)).messages();

        assertThat(third).as("a third receive finds nothing: the message left after its 2nd receive").isEmpty();
        assertThat(drain(dlq, 1)).containsExactly("poison");
    }

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

    /** Two bodies adding up to 1 MiB (at-limit: accepted) or one byte more (over-limit: BatchRequestTooLong). */
    void sendMessageBatchOfTheCasesTotal() {
        int total = sizeOfTheCase();
        String url = queue("batch-" + total, Map.of(QueueAttributeName.MAXIMUM_MESSAGE_SIZE, Integer.toString(ONE_MIB)));
        Supplier<SendMessageBatchResponse> send = () -> aws.sqs().sendMessageBatch(r -> r.queueUrl(url).entries(
                e -> e.id("a").messageBody("a".repeat(ONE_MIB / 2)),
                e -> e.id("b").messageBody("b".repeat(total - ONE_MIB / 2))));

        if (total <= ONE_MIB) {
            SendMessageBatchResponse sent = send.get();
            assertThat(sent.failed()).isEmpty();
            assertThat(sent.successful()).hasSize(2);
        } else {
            assertRefused(send::get, SqsException.class, 400, "BatchRequestTooLong", null);
            assertThat(depth(url)).isZero();
        }
    }

    // ---------------------------------------------------------------------------------------------------- EventBridge

    void patternWithAnythingButAndExistsMatches() throws Exception {
        assertOnlyDelivered("anything-but", "{\"source\":[\"conformance.but\"],"
                        + "\"detail\":{\"state\":[{\"anything-but\":[\"stopped\",\"pending\"]}],\"error\":[{\"exists\":false}]}}",
                "running",
                event("conformance.but", "{\"state\":\"stopped\",\"n\":\"stopped\"}"),
                event("conformance.but", "{\"state\":\"running\",\"error\":\"x\",\"n\":\"with-error\"}"),
                event("conformance.but", "{\"state\":\"running\",\"n\":\"running\"}"));
    }

    void patternWithNumericRangeAndPrefixMatches() throws Exception {
        assertOnlyDelivered("matching", "{\"source\":[{\"prefix\":\"conformance.\"}],"
                        + "\"detail\":{\"total\":[{\"numeric\":[\">\",1000,\"<=\",5000]}]}}",
                "over",
                event("conformance.orders", "{\"total\":1000,\"n\":\"at-1000\"}"),
                event("conformance.orders", "{\"total\":1000.5,\"n\":\"over\"}"),
                event("other.orders", "{\"total\":2000,\"n\":\"other-source\"}"),
                event("conformance.orders", "{\"total\":5001,\"n\":\"too-big\"}"));
    }

    void putEventsEntryAtTheSizeLimitIsAccepted() {
        PutEventsResponse response = aws.events().putEvents(r -> r.entries(sizedEntry(ONE_MIB)));

        assertThat(response.failedEntryCount()).as(String.valueOf(response.entries())).isZero();
        assertThat(response.entries().get(0).eventId()).isNotBlank();
    }

    void putEventsEntryOneByteOverTheLimitIsRefused() {
        PutEventsRequestEntry entry = sizedEntry(ONE_MIB + 1);
        PutEventsResponse response;
        try {
            response = aws.events().putEvents(r -> r.entries(entry));
        } catch (EventBridgeException refused) {
            assertThat(refused.statusCode()).isEqualTo(400);
            return;
        }
        assertThat(response.failedEntryCount()).as("refused, as the request or as the entry").isEqualTo(1);
        assertThat(response.entries().get(0).errorCode()).isNotBlank();
    }

    /** AWS's text for this refusal is not published: the status only. */
    void putEventsRefusesElevenEntries() {
        List<PutEventsRequestEntry> entries = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            entries.add(event("conformance", "{\"n\":" + i + "}"));
        }

        assertRefused(() -> aws.events().putEvents(r -> r.entries(entries)), EventBridgeException.class, 400, null, null);
    }

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

    void undeliverableEventGoesToTheTargetDeadLetterQueue() throws Exception {
        EarlyEvent event = early.get("undeliverable");
        Message letter = awaitDeadLetter(event);

        assertThat(letter.messageAttributes()).containsKeys("ERROR_CODE", "ERROR_MESSAGE",
                "EXHAUSTED_RETRY_CONDITION", "RETRY_ATTEMPTS", "RULE_ARN", "TARGET_ARN");
        assertThat(letter.messageAttributes().get("TARGET_ARN").stringValue()).isEqualTo(event.targetArn());
    }

    void goneTargetIsDeadLetteredWithoutRetries() throws Exception {
        EarlyEvent event = early.get("gone");
        Message letter = awaitDeadLetter(event);

        assertThat(attribute(letter, "RETRY_ATTEMPTS")).isEqualTo("0");
        assertThat(attribute(letter, "TARGET_ARN")).isEqualTo(event.targetArn());
    }

    /**
     * No failure that AWS names retriable (an unavailable target, throttling, the network) can be caused through the
     * API on a laptop; a body the target queue refuses (a character SQS does not allow, put there by an input
     * transformer) is one Sluice retries as such, and it shows the retry policy and the attributes.
     */
    void refusedSendIsRetriedThenDeadLettered() throws Exception {
        EarlyEvent event = early.get("refused");
        Message letter = awaitDeadLetter(event);

        assertThat(attribute(letter, "RETRY_ATTEMPTS")).isEqualTo("2");
        assertThat(attribute(letter, "EXHAUSTED_RETRY_CONDITION")).isEqualTo("MaximumRetryAttempts");
        assertThat(attribute(letter, "RULE_ARN")).isEqualTo(event.ruleArn());
        assertThat(attribute(letter, "TARGET_ARN")).isEqualTo(event.targetArn());
        assertThat(letter.messageAttributes()).containsKeys("ERROR_CODE", "ERROR_MESSAGE");
        assertThat(depth(aws.queueUrl("refused"))).isZero();
    }

    /**
     * A body the queue refuses, retried with backoff (1, 2, 4, 8, 16 s) until the next retry would come after the
     * event's 60 s: dead-lettered at about 31 s.
     */
    void agedEventIsDeadLetteredAfterMaximumEventAge() throws Exception {
        Message letter = awaitDeadLetter(early.get("aged"));

        assertThat(attribute(letter, "EXHAUSTED_RETRY_CONDITION")).isEqualTo("MaximumEventAgeInSeconds");
        assertThat(Integer.parseInt(attribute(letter, "RETRY_ATTEMPTS"))).as("retried, far fewer than 185 times")
                .isBetween(1, 10);
    }

    /** An event put for a target case when the class started, and the moment its check stops waiting for it. */
    private record EarlyEvent(String rule, String ruleArn, String targetArn, String dlqUrl, Instant deadline) {
    }

    /**
     * Puts the events of the target cases now, so that their waits overlap each other and the other cases: rule
     * {@code <name>}, its one target as {@code target} makes it (given the dead-letter queue {@code <name>-dlq}'s URL),
     * an event with {@code note} in its detail (unless null); its check waits for the dead letter until {@code wait}
     * from now (Sluice: within seconds, retries waiting 1 s, 2 s, ...; a target that never dead-letters costs the rest).
     */
    private void putEarlyEvents() {
        putEarly("undeliverable", null, Duration.ofSeconds(15), (target, dlq) -> target
                .arn(siblingArn(dlq, "no-such-queue")).retryPolicy(p -> p.maximumRetryAttempts(0)));
        putEarly("gone", null, Duration.ofSeconds(15), (target, dlq) -> target
                .arn(siblingArn(dlq, "gone-target")).retryPolicy(p -> p.maximumRetryAttempts(5)));
        putEarly("refused", REFUSED_BY_SQS, Duration.ofSeconds(15), (target, dlq) -> refusedBody(target, "refused")
                .retryPolicy(p -> p.maximumRetryAttempts(2)));
        putEarly("aged", REFUSED_BY_SQS, Duration.ofSeconds(55), (target, dlq) -> refusedBody(target, "aged-target")
                .retryPolicy(p -> p.maximumEventAgeInSeconds(60)));
    }

    private void putEarly(String name, String note, Duration wait,
                          BiFunction<Target.Builder, String, Target.Builder> target) {
        String dlq = queue(name + "-dlq", Map.of());
        Target built = target.apply(Target.builder().id("t").deadLetterConfig(d -> d.arn(queueArn(dlq))), dlq).build();
        String ruleArn = aws.events().putRule(r -> r.name(name)
                .eventPattern("{\"source\":[\"conformance." + name + "\"]}")).ruleArn();
        aws.events().putTargets(r -> r.rule(name).targets(built));
        String detail = note == null ? "{\"n\":\"lost-1\"}" : "{\"n\":\"lost-1\",\"note\":\"" + note + "\"}";
        aws.events().putEvents(r -> r.entries(event("conformance." + name, detail)));
        early.put(name, new EarlyEvent(name, ruleArn, built.arn(), dlq, Instant.now().plus(wait)));
    }

    /** Its input transformer puts the event's {@code note} in the body sent to a new queue {@code queue}. */
    private Target.Builder refusedBody(Target.Builder target, String queue) {
        return target.arn(queueArn(queue(queue, Map.of())))
                .inputTransformer(i -> i.inputPathsMap(Map.of("note", "$.detail.note")).inputTemplate("note <note>"));
    }

    /** The ARN of a queue {@code name} (not created) beside the queue at {@code url}. */
    private String siblingArn(String url, String name) {
        String arn = queueArn(url);
        return arn.substring(0, arn.lastIndexOf(':') + 1) + name;
    }

    /** The message that reached the early event's dead-letter queue by its deadline, carrying the event. */
    private Message awaitDeadLetter(EarlyEvent event) throws Exception {
        Duration left = Duration.between(Instant.now(), event.deadline());
        List<Message> letters = new ArrayList<>();
        Await.until("a message on the dead-letter queue of rule " + event.rule() + "'s target",
                left.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : left, () -> {
                    letters.addAll(aws.sqs().receiveMessage(r -> r.queueUrl(event.dlqUrl()).waitTimeSeconds(1)
                            .messageAttributeNames("All")).messages());
                    return !letters.isEmpty();
                });
        assertThat(JSON.readTree(letters.get(0).body()).at("/detail/n").asText()).isEqualTo("lost-1");
        return letters.get(0);
    }

    /** AWS's text would be its model's ("Value '59' at '...' failed to satisfy ..."), not published: the status only. */
    void retryPolicyOutOfRangeIsRefused() {
        String url = queue("retry-ranges", Map.of());
        aws.events().putRule(r -> r.name("retry-ranges").eventPattern("{\"source\":[\"conformance.ranges\"]}"));

        assertRefused(() -> aws.events().putTargets(r -> r.rule("retry-ranges").targets(t -> t.id("q")
                .arn(queueArn(url)).retryPolicy(p -> p.maximumEventAgeInSeconds(59)))),
                EventBridgeException.class, 400, null, null);
        assertRefused(() -> aws.events().putTargets(r -> r.rule("retry-ranges").targets(t -> t.id("q")
                .arn(queueArn(url)).retryPolicy(p -> p.maximumRetryAttempts(186)))),
                EventBridgeException.class, 400, null, null);
        assertThat(aws.events().listTargetsByRule(r -> r.rule("retry-ranges")).targets()).isEmpty();
    }

    // ---------------------------------------------------------------------------------------------------- Lambda: SQS mappings

    void onlyTheReportedMessagesComeBack() throws Exception {
        String dlq = queue("each-dlq", Map.of());
        String url = queue("each", Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "4",
                QueueAttributeName.REDRIVE_POLICY, redrive(dlq, 3)));
        send(url, null, "each-1", "each-fail-2", "each-3");

        whileMapped("respond", url, 10, () -> {
            Await.until("each-fail-2 delivered a second time", WAIT, () -> recordLines().contains("each-fail-2 2"));
            Await.until("the queue drained", WAIT, () -> depth(url) == 0);
        });

        assertThat(recordLines().stream().filter(line -> line.startsWith("each-")).toList())
                .containsExactlyInAnyOrder("each-1 1", "each-fail-2 1", "each-3 1", "each-fail-2 2");
        assertThat(depth(dlq)).isZero();
    }

    void noInvokeCarriesMoreThanTheBatchSize() throws Exception {
        String url = queue("sized", Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "4"));
        for (int i = 0; i < 7; i++) {
            send(url, null, "sized-" + i);
        }

        whileMapped("respond", url, 2, () -> Await.until("the 7 messages processed", WAIT, () -> depth(url) == 0
                && recordLines().stream().filter(line -> line.startsWith("sized-")).count() == 7));

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

    void fifoFailedMessageAndTheRestComeBackInOrder() throws Exception {
        String dlq = queue("fifo-rest-dlq.fifo", Map.of(QueueAttributeName.FIFO_QUEUE, "true"));
        String url = queue("fifo-rest.fifo", Map.of(QueueAttributeName.FIFO_QUEUE, "true",
                QueueAttributeName.CONTENT_BASED_DEDUPLICATION, "true", QueueAttributeName.VISIBILITY_TIMEOUT, "4",
                QueueAttributeName.REDRIVE_POLICY, redrive(dlq, 3)));
        send(url, "g", "fifo-m1", "fail-fifo-m2", "fifo-m3");

        whileMapped("respond", url, 10, () -> {
            Await.until("fifo-m3 delivered a second time", WAIT, () -> recordLines().contains("fifo-m3 2"));
            Await.until("the FIFO queue drained", WAIT, () -> depth(url) == 0);
        });

        assertThat(recordLines().stream().filter(line -> line.contains("fifo-m")).toList())
                .containsExactly("fifo-m1 1", "fail-fifo-m2 1", "fifo-m3 1", "fail-fifo-m2 2", "fifo-m3 2");
        assertThat(depth(dlq)).isZero();
    }

    void mappingRefusedWhenTheFunctionTimeoutExceedsTheVisibilityTimeout() throws Exception {
        assertMappingRefused("short-visibility", Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "2"),
                mapping -> mapping.batchSize(10), "InvalidParameterValueException",
                "Queue visibility timeout: 2 seconds is less than Function timeout: 3 seconds");
    }

    /**
     * AWS's text is not published (the doc's table says "Batching window is not supported for FIFO queues", the CDK
     * says the same before AWS is asked): the code only.
     */
    void fifoMappingWithABatchingWindowIsRefused() throws Exception {
        assertMappingRefused("windowed.fifo", fifo(), mapping -> mapping.maximumBatchingWindowInSeconds(1),
                "InvalidParameterValueException", null);
    }

    void batchSizeOverTenWithoutAWindowIsRefused() throws Exception {
        assertMappingRefused("unwindowed", Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "30"),
                mapping -> mapping.batchSize(11), "InvalidParameterValueException",
                "Maximum batch window in seconds must be greater than 0 if maximum batch size is greater than 10");
    }

    /**
     * The model's ranges in AWS's validation words; BatchSize 11 on a FIFO queue: AWS's text is not published, the
     * status only.
     */
    void outOfRangeSettingsAreRefused() throws Exception {
        Map<QueueAttributeName, String> standard = Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "30");
        assertMappingRefused("ranged", standard, mapping -> mapping.batchSize(10_001).maximumBatchingWindowInSeconds(1),
                "ValidationException", "1 validation error detected: Value '10001' at 'batchSize' failed to satisfy "
                        + "constraint: Member must have value less than or equal to 10000");
        assertMappingRefused("ranged", standard, mapping -> mapping.batchSize(100).maximumBatchingWindowInSeconds(301),
                "ValidationException", "1 validation error detected: Value '301' at 'maximumBatchingWindowInSeconds' "
                        + "failed to satisfy constraint: Member must have value less than or equal to 300");
        assertMappingRefused("ranged.fifo", fifo(), mapping -> mapping.batchSize(11), null, null);
    }

    void maximumConcurrencyOutOfRangeIsRefused() throws Exception {
        Map<QueueAttributeName, String> queue = Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "30");
        assertMappingRefused("capped", queue, mapping -> mapping.scalingConfig(c -> c.maximumConcurrency(1)),
                "ValidationException", "1 validation error detected: Value '1' at 'scalingConfig.maximumConcurrency' "
                        + "failed to satisfy constraint: Member must have value greater than or equal to 2");
        assertMappingRefused("capped", queue, mapping -> mapping.scalingConfig(c -> c.maximumConcurrency(1001)),
                "ValidationException", "1 validation error detected: Value '1001' at 'scalingConfig.maximumConcurrency' "
                        + "failed to satisfy constraint: Member must have value less than or equal to 1000");
    }

    void mappingSplitsBatchesAtSixMegabytes() throws Exception {
        Path bigRecords = dir.resolve("big-records.log");
        createFunction("respond-big", RESPOND, Map.of("RECORD_FILE", bigRecords.toString()));
        String url = queue("big", Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "30",
                QueueAttributeName.MAXIMUM_MESSAGE_SIZE, Integer.toString(ONE_MIB)));
        for (int i = 0; i < 8; i++) {
            send(url, null, "big-" + i + " " + "x".repeat(1_000_000));
        }

        whileMapped("respond-big", url, 10, () -> Await.until("the 1 MB messages processed", WAIT, () -> depth(url) == 0));

        List<String[]> batches = Files.readAllLines(bigRecords).stream().filter(line -> line.startsWith("batch "))
                .map(line -> line.split(" ")).toList();
        assertThat(batches.stream().mapToInt(batch -> Integer.parseInt(batch[1])).sum()).isEqualTo(8);
        assertThat(batches).allSatisfy(batch -> assertThat(Long.parseLong(batch[2])).isLessThanOrEqualTo(6L * ONE_MIB));
        assertThat(Files.readAllLines(bigRecords).stream().filter(line -> line.startsWith("big-")).toList())
                .as("each message once").hasSize(8).allSatisfy(line -> assertThat(line).endsWith(" 1"));
    }

    // ---------------------------------------------------------------------------------------------------- Lambda: async

    /** A JSON payload of 1 MB (at-limit: accepted, 202) or one byte more (over-limit: refused, 413). */
    void asyncInvokeOfTheCasesSize() throws Exception {
        int size = sizeOfTheCase();
        SdkBytes payload = SdkBytes.fromUtf8String(paddedJson(size));
        Supplier<Integer> invoke = () -> aws.lambda().invoke(r -> r.functionName("echo")
                .invocationType(InvocationType.EVENT).payload(payload)).statusCode();

        if (size <= ONE_MIB) {
            assertThat(invoke.get()).isEqualTo(202);
        } else {
            assertRefused(invoke::get, LambdaException.class, 413, "RequestEntityTooLargeException", null);
        }
    }

    void failedAsyncEventReachesTheOnFailureDestination() throws Exception {
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

    void failingAsyncEventIsRetriedAsConfigured() throws Exception {
        JsonNode record = JSON.readTree(awaitEarlyRecord("retried-failures"));

        assertThat(record.at("/requestContext/condition").asText()).isEqualTo("RetriesExhausted");
        assertThat(record.at("/requestContext/approximateInvokeCount").asInt()).isEqualTo(2);
        assertThat(Files.readAllLines(dir.resolve("retried.log"))).containsExactly("fail", "fail");
    }

    void agedAsyncEventReachesTheDestination() throws Exception {
        JsonNode record = JSON.readTree(awaitEarlyRecord("aged-failures"));

        assertThat(record.at("/requestContext/condition").asText()).isEqualTo("EventAgeExceeded");
        assertThat(record.at("/requestPayload/aged").asText()).isEqualTo("yes");
        assertThat(dir.resolve("aged.log")).as("the throttled function never ran").doesNotExist();
    }

    // ---------------------------------------------------------------------------------------------------- Lambda helpers

    /**
     * Run when the class starts, on a target that runs functions: creates "respond" (timeout 3 s, records to
     * records.log) and "echo" for the Lambda cases, warms "respond" once, and puts the events of the two cases that wait
     * out a minute (checked last, see {@link #CASES}).
     */
    private void functions() throws Exception {
        createFunction("respond", RESPOND, Map.of("RECORD_FILE", records.toString()));
        createFunction("echo", TestFunctions.ECHO, Map.of());
        aws.lambda().invoke(r -> r.functionName("respond").payload(SdkBytes.fromUtf8String("{}")));
        createFunction("echo-retried", TestFunctions.ECHO, Map.of());
        createFunction("echo-throttled", TestFunctions.ECHO, Map.of());
        aws.lambda().putFunctionConcurrency(r -> r.functionName("echo-throttled").reservedConcurrentExecutions(0));
        // lambda.async.retries: Lambda retries the failing event after a minute
        asyncEventWithDestination("echo-retried", "retried-failures", config -> config.maximumRetryAttempts(1),
                "{\"action\":\"fail\",\"appendTo\":\"" + dir.resolve("retried.log") + "\"}");
        // lambda.async.max-event-age: throttled (reserved concurrency 0) until it is older than a minute
        asyncEventWithDestination("echo-throttled", "aged-failures", config -> config.maximumEventAgeInSeconds(60),
                "{\"aged\":\"yes\",\"appendTo\":\"" + dir.resolve("aged.log") + "\"}");
    }

    /** Puts {@code event} to {@code function}, configured by {@code config} with the queue {@code destination} on failure. */
    private void asyncEventWithDestination(String function, String destination,
                                           Consumer<PutFunctionEventInvokeConfigRequest.Builder> config, String event) {
        String failures = queue(destination, Map.of());
        aws.lambda().putFunctionEventInvokeConfig(r -> config.accept(r.functionName(function)
                .destinationConfig(d -> d.onFailure(f -> f.destination(queueArn(failures))))));
        aws.lambda().invoke(r -> r.functionName(function).invocationType(InvocationType.EVENT)
                .payload(SdkBytes.fromUtf8String(event)));
    }

    /** The invocation record of an event put by {@link #functions()}, on its destination queue. */
    private String awaitEarlyRecord(String destination) throws InterruptedException {
        String url = aws.queueUrl(destination);
        List<String> records = new ArrayList<>();
        Await.until("the invocation record on " + destination + " (its event waits out a minute)",
                Duration.ofSeconds(150), () -> {
                    aws.sqs().receiveMessage(r -> r.queueUrl(url).waitTimeSeconds(5)).messages()
                            .forEach(message -> records.add(message.body()));
                    return !records.isEmpty();
                });
        return records.get(0);
    }

    private void createFunction(String name, String handler, Map<String, String> variables) throws Exception {
        SdkBytes zip = SdkBytes.fromByteArray(ZIP.bytes());
        aws.lambda().createFunction(r -> r.functionName(name).runtime(Runtime.JAVA21).handler(handler)
                .role("arn:aws:iam::000000000000:role/conformance").timeout(3).memorySize(512)
                .environment(e -> e.variables(variables)).code(c -> c.zipFile(zip)));
    }

    /** What a case awaits while its queue is mapped. */
    @FunctionalInterface
    private interface Wait {
        void run() throws InterruptedException;
    }

    /** Maps {@code url} to {@code function} (ReportBatchItemFailures) while {@code during} runs, then deletes it. */
    private void whileMapped(String function, String url, int batchSize, Wait during) throws InterruptedException {
        String uuid = aws.lambda().createEventSourceMapping(r -> r.functionName(function).eventSourceArn(queueArn(url))
                .batchSize(batchSize).functionResponseTypes(FunctionResponseType.REPORT_BATCH_ITEM_FAILURES)).uuid();
        try {
            during.run();
        } finally {
            aws.lambda().deleteEventSourceMapping(r -> r.uuid(uuid));
        }
    }

    /**
     * Creating a mapping of "respond" to a queue {@code name} with {@code attributes} as {@code mapping} says is
     * refused with status 400, {@code code} and {@code message} (null: not asserted); no mapping is left.
     */
    private void assertMappingRefused(String name, Map<QueueAttributeName, String> attributes,
                                      Consumer<CreateEventSourceMappingRequest.Builder> mapping, String code,
                                      String message) throws Exception {
        String arn = queueArn(queue(name, attributes));
        assertRefused(() -> aws.lambda().createEventSourceMapping(r -> mapping.accept(r.functionName("respond")
                .eventSourceArn(arn))), LambdaException.class, 400, code, message);
        assertThat(aws.lambda().listEventSourceMappings(r -> r.functionName("respond")).eventSourceMappings()
                .stream().filter(m -> m.eventSourceArn().equals(arn)).toList()).isEmpty();
    }

    private static Map<QueueAttributeName, String> fifo() {
        return Map.of(QueueAttributeName.FIFO_QUEUE, "true", QueueAttributeName.VISIBILITY_TIMEOUT, "30");
    }

    private String redrive(String dlqUrl, int maxReceiveCount) {
        return "{\"deadLetterTargetArn\":\"" + queueArn(dlqUrl) + "\",\"maxReceiveCount\":\"" + maxReceiveCount + "\"}";
    }

    /**
     * Three messages {@code word}-1..3 on a queue {@code word} with maxReceiveCount 1, mapped to "respond" (whose answer
     * the word chooses): either every message of the batch fails (all reach the dead-letter queue, the handler having
     * seen each) or the batch succeeds (the queue drains, each message seen once, the dead-letter queue stays empty).
     */
    private void assertWholeBatch(String word, boolean fails) throws Exception {
        String dlq = queue(word + "-dlq", Map.of());
        String url = queue(word, Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "4",
                QueueAttributeName.REDRIVE_POLICY, redrive(dlq, 1)));
        List<String> bodies = List.of(word + "-1", word + "-2", word + "-3");
        List<String> seen = bodies.stream().map(body -> body + " 1").toList();
        send(url, null, bodies.toArray(String[]::new));

        List<String> deadLetters = new ArrayList<>();
        whileMapped("respond", url, 10, () -> {
            if (fails) {
                deadLetters.addAll(drain(dlq, bodies.size()));
            } else {
                Await.until("the handler saw " + bodies, WAIT, () -> recordLines().containsAll(seen));
                Await.until(word + " drained", WAIT, () -> depth(url) == 0);
            }
        });

        if (fails) {
            assertThat(deadLetters).as("every message of the batch failed").containsExactlyInAnyOrderElementsOf(bodies);
            assertThat(recordLines()).as("the handler saw each message").containsAll(seen);
        } else {
            assertThat(depth(dlq)).isZero();
            assertThat(recordLines().stream().filter(line -> line.startsWith(word + "-")).toList())
                    .as("each message once").hasSize(bodies.size());
        }
    }

    /** The size the case names: 1 MiB ({@code ...at-limit}) or one byte more ({@code ...over-limit}). */
    private int sizeOfTheCase() {
        return running.id().endsWith("over-limit") ? ONE_MIB + 1 : ONE_MIB;
    }

    /** The queue and the handler's answer are named after the case: its id's last part. */
    private void wholeBatchFails() throws Exception {
        assertWholeBatch(running.id().substring(running.id().lastIndexOf('.') + 1), true);
    }

    private void wholeBatchSucceeds() throws Exception {
        assertWholeBatch(running.id().substring(running.id().lastIndexOf('.') + 1), false);
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

    /** Sends {@code bodies} in order, in message group {@code groupId} (null: a standard queue). */
    private void send(String url, String groupId, String... bodies) {
        for (String body : bodies) {
            aws.sqs().sendMessage(r -> r.queueUrl(url).messageBody(body).messageGroupId(groupId));
        }
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

    /**
     * {@code failing} is refused with an exception of {@code type} and {@code status}, an error code ending with
     * {@code code} (SQS may prefix it) and exactly AWS's {@code message} (null: not asserted).
     */
    private static void assertRefused(ThrowingCallable failing, Class<? extends AwsServiceException> type, int status,
                                      String code, String message) {
        assertThatThrownBy(failing).isInstanceOfSatisfying(type, e -> {
            assertThat(e.statusCode()).isEqualTo(status);
            if (code != null) {
                assertThat(e.awsErrorDetails().errorCode()).endsWith(code);
            }
            if (message != null) {
                assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(message);
            }
        });
    }

    private static PutEventsRequestEntry event(String source, String detail) {
        return PutEventsRequestEntry.builder().source(source).detailType("Conformance").detail(detail).build();
    }

    /**
     * A rule {@code rule} with {@code pattern} and a queue target gets {@code events}: only one is delivered, the one
     * whose detail's {@code n} is {@code expected}.
     */
    private void assertOnlyDelivered(String rule, String pattern, String expected, PutEventsRequestEntry... events)
            throws Exception {
        String url = queue(rule, Map.of());
        aws.events().putRule(r -> r.name(rule).eventPattern(pattern));
        aws.events().putTargets(r -> r.rule(rule).targets(t -> t.id("q").arn(queueArn(url))));

        aws.events().putEvents(r -> r.entries(events));

        List<String> bodies = drain(url, 1);
        Thread.sleep(1000);
        bodies.addAll(aws.sqs().receiveMessage(r -> r.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1))
                .messages().stream().map(Message::body).toList());
        assertThat(bodies).hasSize(1);
        assertThat(JSON.readTree(bodies.get(0)).at("/detail/n").asText()).isEqualTo(expected);
    }

    private static String attribute(Message message, String name) {
        var value = message.messageAttributes().get(name);
        return value == null ? null : value.stringValue();
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
