package dev.sluice.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.sluice.local.core.LocalClients;
import dev.sluice.testing.TestFunctions;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.Runtime;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * The local cloud's error answers against AWS's, one row per case through the AWS SDK (the code and status a client
 * sees), each citing where AWS states it: the botocore service model (botocore/data/&lt;service&gt;/.../service-2.json,
 * as the AWS CLI 1.45 ships it) or the API reference.
 */
class AwsAnswersTest {

    @TempDir
    static Path workDir;

    static LocalCloud cloud;
    static SqsClient sqs;
    static LambdaClient lambda;
    static EventBridgeClient events;
    static String queue;

    @BeforeAll
    static void start() throws Exception {
        cloud = LocalCloud.builder().port(0).workDir(workDir).autoscaling(false).build().start();
        sqs = LocalClients.create(SqsClient.builder(), cloud.endpoint(), "us-east-1");
        lambda = LocalClients.create(LambdaClient.builder(), cloud.endpoint(), "us-east-1");
        events = LocalClients.create(EventBridgeClient.builder(), cloud.endpoint(), "us-east-1");
        queue = sqs.createQueue(b -> b.queueName("answers")).queueUrl();
        SdkBytes zip = SdkBytes.fromByteArray(TestFunctions.ZIP.bytes());
        lambda.createFunction(r -> r.functionName("echo").runtime(Runtime.JAVA21).handler(TestFunctions.ECHO)
                .role("arn:aws:iam::000000000000:role/test").code(c -> c.zipFile(zip)));
    }

    @AfterAll
    static void stop() {
        sqs.close();
        lambda.close();
        events.close();
        cloud.close();
    }

    static Stream<Arguments> cases() {
        List<Arguments> all = new ArrayList<>();
        // SQS SendMessage, API reference "Errors": InvalidMessageContents, "The message contains characters outside
        // the allowed set" (allowed: #x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF).
        all.add(row("SQS: a body with a character outside SQS's set", 400, "InvalidMessageContents",
                () -> sqs.sendMessage(b -> b.queueUrl(queue).messageBody("bad \u0000 char"))));
        // SQS SendMessage, API reference: MessageBody at most 1 MiB (1,048,576 bytes since 2025-08); AWS answers
        // InvalidParameterValue "One or more parameters are invalid. Reason: Message must be shorter than ... bytes."
        all.add(row("SQS: a body over 1 MiB", 400, "InvalidParameterValue",
                () -> sqs.sendMessage(b -> b.queueUrl(queue).messageBody("x".repeat(1_048_577)))));
        // botocore sqs service-2.json, SendMessageBatch errors: TooManyEntriesInBatchRequest (at most 10 entries).
        all.add(row("SQS: 11 entries in a batch", 400, "TooManyEntriesInBatchRequest",
                () -> sqs.sendMessageBatch(b -> b.queueUrl(queue).entries(entries(11)))));
        // SQS SendMessageBatch, API reference: the batched messages add up to at most 1 MiB (1,048,576 bytes);
        // BatchRequestTooLong, "The length of all the messages put together is more than the limit."
        all.add(row("SQS: a batch over 1 MiB in total", 400, "BatchRequestTooLong",
                () -> sqs.sendMessageBatch(b -> b.queueUrl(queue).entries(
                        SendMessageBatchRequestEntry.builder().id("a").messageBody("x".repeat(524_288)).build(),
                        SendMessageBatchRequestEntry.builder().id("b").messageBody("x".repeat(524_289)).build()))));
        // botocore sqs service-2.json, SendMessageBatch errors: EmptyBatchRequest.
        all.add(row("SQS: an empty batch", 400, "EmptyBatchRequest",
                () -> sqs.sendMessageBatch(b -> b.queueUrl(queue).entries(List.of()))));
        // botocore sqs service-2.json, SendMessageBatch errors: BatchEntryIdsNotDistinct.
        all.add(row("SQS: two entries with one id", 400, "BatchEntryIdsNotDistinct",
                () -> sqs.sendMessageBatch(b -> b.queueUrl(queue).entries(
                        SendMessageBatchRequestEntry.builder().id("a").messageBody("1").build(),
                        SendMessageBatchRequestEntry.builder().id("a").messageBody("2").build()))));
        // botocore sqs service-2.json, GetQueueUrl errors: QueueDoesNotExist.
        all.add(row("SQS: an unknown queue", 400, "QueueDoesNotExist",
                () -> sqs.getQueueUrl(b -> b.queueName("no-such-queue"))));
        // botocore sqs service-2.json, DeleteMessage errors: ReceiptHandleIsInvalid.
        all.add(row("SQS: a receipt handle that is not one", 400, "ReceiptHandleIsInvalid",
                () -> sqs.deleteMessage(b -> b.queueUrl(queue).receiptHandle("not-a-receipt-handle"))));
        // botocore lambda service-2.json, Invoke errors: InvalidRequestContentException, 400 ("The request body could
        // not be parsed as JSON").
        all.add(row("Lambda: an Invoke payload that is not JSON", 400, "InvalidRequestContentException",
                () -> lambda.invoke(b -> b.functionName("echo").payload(SdkBytes.fromUtf8String("not json")))));
        // botocore lambda service-2.json, Invoke errors: ResourceNotFoundException, 404.
        all.add(row("Lambda: an unknown function", 404, "ResourceNotFoundException",
                () -> lambda.invoke(b -> b.functionName("nope").payload(SdkBytes.fromUtf8String("{}")))));
        // botocore events service-2.json, DescribeRule errors: ResourceNotFoundException.
        all.add(row("EventBridge: an unknown rule", 400, "ResourceNotFoundException",
                () -> events.describeRule(b -> b.name("nope"))));
        // EventBridge PutEvents API reference: Entries 1-10 items; the SDK's ValidationException.
        all.add(row("EventBridge: 11 entries in PutEvents", 400, "ValidationException",
                () -> events.putEvents(b -> b.entries(java.util.Collections.nCopies(11,
                        software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry.builder().source("s")
                                .detailType("d").detail("{}").build())))));
        return all.stream();
    }

    private static List<SendMessageBatchRequestEntry> entries(int n) {
        List<SendMessageBatchRequestEntry> all = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            all.add(SendMessageBatchRequestEntry.builder().id("e" + i).messageBody("m").build());
        }
        return all;
    }

    private static Arguments row(String name, int status, String code, Runnable call) {
        return Arguments.of(name, status, code, call);
    }

    @ParameterizedTest(name = "{0}: {1} {2}")
    @MethodSource("cases")
    void answersAsAwsDoes(String name, int status, String code, Runnable call) {
        AwsServiceException e = catchThrowableOfType(AwsServiceException.class, call::run);

        assertThat(e).as(name).isNotNull();
        assertThat(e.statusCode()).as(name + ": " + e.getMessage()).isEqualTo(status);
        assertThat(e.awsErrorDetails().errorCode()).as(name + ": " + e.getMessage()).isEqualTo(code);
    }

    /** An X-Amz-Target the service does not have: AWS JSON services answer UnknownOperationException (400). */
    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"AmazonSQS.NoSuchAction", "AWSEvents.NoSuchAction",
            "NoSuchService_20250101.Action"})
    void unknownTargetsAnswerUnknownOperationException(String target) throws Exception {
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(cloud.endpoint())
                .header("X-Amz-Target", target)
                .header("Content-Type", target.startsWith("AmazonSQS") ? "application/x-amz-json-1.0"
                        : "application/x-amz-json-1.1")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.body()).contains("UnknownOperationException");
        assertThat(answer.headers().firstValue("x-amzn-ErrorType").orElse("")).startsWith("UnknownOperationException");
    }

    /**
     * A member of the wrong type: AWS JSON services refuse it in their deserializer with 400 SerializationException
     * (ElasticMQ answered 500 "There was an internal server error."; found by the reliability suite).
     */
    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"\"DelaySeconds\":\"soon\"",
            "\"MessageAttributes\":\"not a map\""})
    void aMemberOfTheWrongTypeIsASerializationException(String member) throws Exception {
        String body = "{\"QueueUrl\":\"" + queue + "\",\"MessageBody\":\"x\"," + member + "}";
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(cloud.endpoint())
                .header("X-Amz-Target", "AmazonSQS.SendMessage").header("Content-Type", "application/x-amz-json-1.0")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
        assertThat(answer.body()).contains("SerializationException");
    }
}
