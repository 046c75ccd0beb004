package dev.sluice.local.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.local.LocalCloud;
import dev.sluice.local.core.Json;
import dev.sluice.local.core.LocalClients;
import dev.sluice.local.lambda.runtime.FunctionCode;
import dev.sluice.testing.Await;
import dev.sluice.testing.TestFunctions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilteredLogEvent;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.EventBridgeException;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.Runtime;
import software.amazon.awssdk.services.lambda.model.ServiceException;
import software.amazon.awssdk.services.lambda.model.TooManyRequestsException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SqsException;

/**
 * Faults declared through {@code /_sluice/faults} against a real local cloud: real function JVMs under the RIC, a real
 * event source mapping and dead-letter queue, real SDK clients. Nothing here asserts a duration.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FaultInjectionTest {

    private Path work;
    private LocalCloud cloud;
    private LambdaClient lambda;
    private SqsClient sqs;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void start() throws Exception {
        work = Files.createTempDirectory("faults");
        cloud = LocalCloud.builder().port(0).workDir(work.resolve("cloud")).autoscaling(false).build().start();
        lambda = LocalClients.create(LambdaClient.builder(), cloud.endpoint(), "us-east-1");
        sqs = LocalClients.create(SqsClient.builder(), cloud.endpoint(), "us-east-1");
        createFunction("echo", TestFunctions.ECHO, 1, Map.of());
    }

    @AfterAll
    void stop() throws Exception {
        lambda.close();
        sqs.close();
        cloud.close();
        FunctionCode.deleteTree(work);
    }

    @AfterEach
    void removeFaults() throws Exception {
        assertThat(send("DELETE", "/_sluice/faults", null).statusCode()).isEqualTo(200);
    }

    private void createFunction(String name, String handler, int timeout, Map<String, String> variables)
            throws java.io.IOException {
        SdkBytes zip = SdkBytes.fromByteArray(TestFunctions.ZIP.bytes());
        lambda.createFunction(r -> r.functionName(name).runtime(Runtime.JAVA21).handler(handler)
                .role("arn:aws:iam::000000000000:role/test").timeout(timeout).memorySize(256)
                .environment(e -> e.variables(variables)).code(c -> c.zipFile(zip)));
    }

    private HttpResponse<String> send(String method, String path, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(cloud.endpoint().resolve(path))
                .header("Content-Type", "application/json");
        request.method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(json));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Adds a fault through the API; returns its id. */
    private String addFault(String json) throws Exception {
        HttpResponse<String> response = send("POST", "/_sluice/faults", json);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return Json.MAPPER.readTree(response.body()).get("id").asText();
    }

    private InvokeResponse invoke(String function, String payload) {
        return lambda.invoke(r -> r.functionName(function).payload(SdkBytes.fromUtf8String(payload)));
    }

    private JsonNode status() throws Exception {
        return Json.MAPPER.readTree(send("GET", "/_sluice/status", null).body());
    }

    @Test
    void anErrorFaultFailsAMappingsBatchesUntilTheDeadLetterQueueAndRemovingItLetsTheNextOnesSucceed() throws Exception {
        Path records = Files.createTempFile(work, "records", ".log");
        createFunction("batch", TestFunctions.BATCH, 1, Map.of("RECORD_FILE", records.toString()));
        sqs.createQueue(r -> r.queueName("work-dlq"));
        String queue = sqs.createQueue(r -> r.queueName("work").attributes(Map.of(
                QueueAttributeName.VISIBILITY_TIMEOUT, "2",
                QueueAttributeName.REDRIVE_POLICY, "{\"deadLetterTargetArn\":\"arn:aws:sqs:us-east-1:000000000000:"
                        + "work-dlq\",\"maxReceiveCount\":\"2\"}"))).queueUrl();
        String dlq = sqs.getQueueUrl(r -> r.queueName("work-dlq")).queueUrl();
        String fault = addFault("{\"function\":\"batch\",\"action\":\"error\",\"errorType\":\"InjectedOutage\"}");

        for (int i = 1; i <= 3; i++) {
            String body = "doomed-" + i;
            sqs.sendMessage(r -> r.queueUrl(queue).messageBody(body));
        }
        lambda.createEventSourceMapping(r -> r.functionName("batch").batchSize(10)
                .eventSourceArn("arn:aws:sqs:us-east-1:000000000000:work"));

        assertThat(drain(dlq, 3)).containsExactlyInAnyOrder("doomed-1", "doomed-2", "doomed-3");
        assertThat(Files.readString(records)).as("the handler never ran").doesNotContain("doomed");
        JsonNode batch = function(status(), "batch");
        assertThat(batch.at("/lastError/type").asText()).isEqualTo("InjectedOutage");
        JsonNode listed = status().get("faults").get(0);
        assertThat(listed.get("id").asText()).isEqualTo(fault);
        assertThat(listed.get("injected").asLong()).isGreaterThanOrEqualTo(2); // each batch received twice at least

        assertThat(send("DELETE", "/_sluice/faults/" + fault, null).statusCode()).isEqualTo(204);
        sqs.sendMessage(r -> r.queueUrl(queue).messageBody("fine-1"));
        sqs.sendMessage(r -> r.queueUrl(queue).messageBody("fine-2"));
        Await.until("the handler to process the new messages", Duration.ofSeconds(60),
                () -> read(records).contains("fine-1") && read(records).contains("fine-2"));
        Await.until("the queue to empty", Duration.ofSeconds(30), () -> depth(queue) == 0);
        assertThat(depth(dlq)).isZero();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static JsonNode function(JsonNode status, String name) {
        for (JsonNode function : status.get("functions")) {
            if (function.get("name").asText().equals(name)) {
                return function;
            }
        }
        throw new AssertionError("no function " + name + " in " + status);
    }

    private List<String> drain(String queueUrl, int expected) throws InterruptedException {
        List<String> bodies = new ArrayList<>();
        Await.until(expected + " messages on " + queueUrl, Duration.ofSeconds(60), () -> {
            for (Message message : sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10)
                    .waitTimeSeconds(1)).messages()) {
                bodies.add(message.body());
                sqs.deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
            }
            return bodies.size() >= expected;
        });
        return bodies;
    }

    private int depth(String queueUrl) {
        Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
        return Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                + Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }

    @Test
    void aSeededProbabilityMakesTheSameDecisionsTwice() throws Exception {
        String declaration = "{\"function\":\"echo\",\"action\":\"error\",\"errorType\":\"Coin\",\"probability\":0.5,"
                + "\"seed\":1234}";
        addFault(declaration);
        List<Boolean> first = failures(12);
        send("DELETE", "/_sluice/faults", null);
        addFault(declaration);
        List<Boolean> second = failures(12);

        assertThat(second).isEqualTo(first);
        assertThat(first).contains(true, false);
    }

    /** Which of {@code count} invocations of echo failed. */
    private List<Boolean> failures(int count) {
        List<Boolean> failed = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            InvokeResponse response = invoke("echo", "{}");
            if (response.functionError() != null) {
                assertThat(response.payload().asUtf8String()).contains("\"errorType\":\"Coin\"");
            }
            failed.add(response.functionError() != null);
        }
        return failed;
    }

    @Test
    void aTimeoutLooksLikeLambdasAndAKilledEnvironmentLikeACrash() throws Exception {
        String timeout = addFault("{\"function\":\"echo\",\"action\":\"timeout\"}");
        InvokeResponse timedOut = invoke("echo", "{}");
        assertThat(timedOut.functionError()).isEqualTo("Unhandled");
        JsonNode error = Json.MAPPER.readTree(timedOut.payload().asUtf8String());
        assertThat(error.get("errorType").asText()).isEqualTo("Sandbox.Timedout");
        assertThat(error.get("errorMessage").asText()).endsWith("Task timed out after 1.00 seconds");
        try (CloudWatchLogsClient logs = LocalClients.create(CloudWatchLogsClient.builder(), cloud.endpoint(),
                "us-east-1")) {
            // the function's log says what happened, as AWS's does, and which fault did it
            List<String> lines = logs.filterLogEventsPaginator(r -> r.logGroupName("/aws/lambda/echo")
                    .filterPattern("\"" + timedOut.responseMetadata().requestId() + "\"")).events().stream()
                    .map(FilteredLogEvent::message).toList();
            assertThat(lines).anySatisfy(line -> assertThat(line).contains("Task timed out after 1.00 seconds",
                    "(fault " + timeout + ", sluice chaos)"));
            assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("REPORT RequestId: "
                    + timedOut.responseMetadata().requestId()).contains("Status: timeout"));
        }
        send("DELETE", "/_sluice/faults/" + timeout, null);

        addFault("{\"function\":\"echo\",\"action\":\"kill\"}");
        InvokeResponse killed = invoke("echo", "{}");
        assertThat(killed.functionError()).isEqualTo("Unhandled");
        assertThat(killed.payload().asUtf8String()).contains("Runtime.ExitError", "signal: killed");
        send("DELETE", "/_sluice/faults", null);

        addFault("{\"function\":\"echo\",\"action\":\"delay\",\"delayMillis\":50}");
        InvokeResponse delayed = invoke("echo", "{\"action\":\"echo\"}");
        assertThat(delayed.functionError()).isNull();
        assertThat(status().get("faults").get(0).get("injected").asLong()).isEqualTo(1);
    }

    @Test
    void aThrottleIsLambdasTooManyRequestsException() throws Exception {
        addFault("{\"function\":\"echo\",\"action\":\"throttle\"}");
        assertThatThrownBy(() -> invoke("echo", "{}")).isInstanceOfSatisfying(TooManyRequestsException.class, e -> {
            assertThat(e.statusCode()).isEqualTo(429);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("TooManyRequestsException");
        });
        assertThat(function(status(), "echo").get("invocations").asLong()).isPositive();
    }

    @Test
    void aThrottledAsynchronousEventIsRetriedWithoutUsingUpItsAttempts() throws Exception {
        createFunction("async-echo", TestFunctions.ECHO, 3, Map.of());
        lambda.putFunctionEventInvokeConfig(r -> r.functionName("async-echo").maximumRetryAttempts(0));
        Path appended = Files.createTempFile(work, "async", ".log");
        String fault = addFault("{\"function\":\"async-echo\",\"action\":\"throttle\"}");

        lambda.invoke(r -> r.functionName("async-echo").invocationType("Event").payload(SdkBytes.fromUtf8String(
                "{\"appendTo\":\"" + appended.toString().replace("\\", "\\\\") + "\",\"action\":\"ran\"}")));
        Await.until("the event to be throttled twice", Duration.ofSeconds(30),
                () -> cloud.faults().list().get(0).injected() >= 2);
        assertThat(read(appended)).isEmpty();

        // with no retry left, a failed attempt would have dropped the event: a throttle is no attempt
        send("DELETE", "/_sluice/faults/" + fault, null);
        Await.until("the event to run once the fault is gone", Duration.ofSeconds(60),
                () -> read(appended).contains("ran"));
    }

    @Test
    void anSqsOperationFaultIsSeenByTheSdkAsTheAwsErrorAndLeavesOtherOperationsAlone() throws Exception {
        String queue = sqs.createQueue(r -> r.queueName("flaky")).queueUrl();
        addFault("{\"service\":\"sqs\",\"operation\":\"SendMessage\",\"errorType\":\"ServiceUnavailable\"}");

        assertThatThrownBy(() -> sqs.sendMessage(r -> r.queueUrl(queue).messageBody("m")))
                .isInstanceOfSatisfying(SqsException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(503);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ServiceUnavailable");
                });
        assertThat(sqs.receiveMessage(r -> r.queueUrl(queue)).messages()).isEmpty();

        // the Query protocol (older SDKs, scripts) gets the same error as XML
        HttpResponse<String> query = http.send(HttpRequest.newBuilder(URI.create(queue))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("Action=SendMessage&Version=2012-11-05&MessageBody=m"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(query.statusCode()).isEqualTo(503);
        assertThat(query.body()).contains("<Code>ServiceUnavailable</Code>", "<Type>Receiver</Type>");

        send("DELETE", "/_sluice/faults", null);
        sqs.sendMessage(r -> r.queueUrl(queue).messageBody("m"));
        assertThat(depth(queue)).isEqualTo(1);
    }

    @Test
    void anEventBridgeOperationFaultIsSeenByTheSdk() throws Exception {
        addFault("{\"service\":\"events\",\"operation\":\"PutEvents\",\"errorType\":\"InternalException\"}");
        try (EventBridgeClient events = LocalClients.create(EventBridgeClient.builder(), cloud.endpoint(),
                "us-east-1")) {
            assertThatThrownBy(() -> events.putEvents(r -> r.entries(e -> e.source("test").detailType("T")
                    .detail("{}")))).isInstanceOfSatisfying(EventBridgeException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(500);
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InternalException");
                    });
            assertThat(events.listEventBuses(r -> { }).eventBuses()).isNotEmpty();
        }
    }

    @Test
    void aLambdaOperationFaultIsSeenByTheSdkAsTheAwsError() throws Exception {
        addFault("{\"service\":\"lambda\",\"operation\":\"GetFunctionConfiguration\",\"errorType\":"
                + "\"ServiceException\",\"errorMessage\":\"Lambda is having a bad day\"}");
        assertThatThrownBy(() -> lambda.getFunctionConfiguration(r -> r.functionName("echo")))
                .isInstanceOfSatisfying(ServiceException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(500);
                    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Lambda is having a bad day");
                });
        assertThat(lambda.getFunction(r -> r.functionName("echo")).configuration().functionName()).isEqualTo("echo");
    }

    @Test
    void theApiRefusesBadInputAndBrowserContentTypes() throws Exception {
        HttpResponse<String> probability = send("POST", "/_sluice/faults",
                "{\"function\":\"echo\",\"action\":\"error\",\"errorType\":\"E\",\"probability\":2}");
        assertThat(probability.statusCode()).isEqualTo(400);
        assertThat(probability.body()).contains("probability must be a number between 0 and 1 (given 2)");

        HttpResponse<String> operation = send("POST", "/_sluice/faults",
                "{\"service\":\"sqs\",\"operation\":\"Teleport\",\"errorType\":\"E\"}");
        assertThat(operation.statusCode()).isEqualTo(400);
        assertThat(operation.body()).contains("operation must be one of sqs's");

        assertThat(send("DELETE", "/_sluice/faults/fault-999", null).statusCode()).isEqualTo(404);

        HttpResponse<String> plain = http.send(HttpRequest.newBuilder(cloud.endpoint().resolve("/_sluice/faults"))
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("{\"function\":\"echo\",\"action\":\"kill\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(plain.statusCode()).isEqualTo(415);

        HttpResponse<String> foreign = http.send(HttpRequest.newBuilder(cloud.endpoint().resolve("/_sluice/faults"))
                .header("Content-Type", "application/json").header("Origin", "https://evil.example")
                .POST(HttpRequest.BodyPublishers.ofString("{\"function\":\"echo\",\"action\":\"kill\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(foreign.statusCode()).isEqualTo(403);
        assertThat(cloud.faults().list()).isEmpty();

        // a function that does not exist yet may be given a fault: it applies once the function is deployed
        assertThat(send("POST", "/_sluice/faults", "{\"function\":\"later\",\"action\":\"kill\"}").statusCode())
                .isEqualTo(201);
    }

}
