package dev.sluice.local.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.local.CloudUnderTest;
import dev.sluice.local.CreateFunction;
import dev.sluice.local.Queues;
import dev.sluice.local.core.Json;
import dev.sluice.local.core.LocalClients;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilteredLogEvent;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.EventBridgeException;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.ServiceException;
import software.amazon.awssdk.services.lambda.model.TooManyRequestsException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SqsException;

/**
 * Faults declared through {@code /_sluice/faults} against a real local cloud: real function JVMs under the RIC, a real
 * event source mapping and dead-letter queue, real SDK clients. Nothing here asserts a duration.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FaultInjectionTest {

    @RegisterExtension
    static final CloudUnderTest local = CloudUnderTest.perClass(b -> b.autoscaling(false));

    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void createEcho() {
        CreateFunction.named("echo", TestFunctions.ECHO).timeout(1).variables(Map.of()).in(local.lambda());
    }

    @AfterEach
    void removeFaults() throws Exception {
        assertThat(local.send("DELETE", "/_sluice/faults", null).statusCode()).isEqualTo(200);
    }

    /** Adds a fault through the API; returns its id. */
    private String addFault(String json) throws Exception {
        HttpResponse<String> response = local.send("POST", "/_sluice/faults", json);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return Json.MAPPER.readTree(response.body()).get("id").asText();
    }

    private InvokeResponse invoke(String function, String payload) {
        return local.lambda().invoke(r -> r.functionName(function).payload(SdkBytes.fromUtf8String(payload)));
    }

    private JsonNode status() throws Exception {
        return Json.MAPPER.readTree(local.send("GET", "/_sluice/status", null).body());
    }

    @Test
    void anErrorFaultFailsAMappingsBatchesUntilTheDeadLetterQueueAndRemovingItLetsTheNextOnesSucceed() throws Exception {
        Path records = Files.createTempFile(local.work(), "records", ".log");
        CreateFunction.named("batch", TestFunctions.BATCH).timeout(1)
                .variables(Map.of("RECORD_FILE", records.toString())).in(local.lambda());
        String dlq = local.sqs().createQueue(r -> r.queueName("work-dlq")).queueUrl();
        String queue = Queues.createWithDeadLetters(local.sqs(), "work", 2, dlq, 2);
        String fault = addFault("{\"function\":\"batch\",\"action\":\"error\",\"errorType\":\"InjectedOutage\"}");

        for (int i = 1; i <= 3; i++) {
            String body = "doomed-" + i;
            local.sqs().sendMessage(r -> r.queueUrl(queue).messageBody(body));
        }
        local.lambda().createEventSourceMapping(r -> r.functionName("batch").batchSize(10)
                .eventSourceArn("arn:aws:sqs:us-east-1:000000000000:work"));

        assertThat(Queues.drain(local.sqs(), dlq, 3)).containsExactlyInAnyOrder("doomed-1", "doomed-2", "doomed-3");
        assertThat(Files.readString(records)).as("the handler never ran").doesNotContain("doomed");
        JsonNode batch = function(status(), "batch");
        assertThat(batch.at("/lastError/type").asText()).isEqualTo("InjectedOutage");
        JsonNode listed = status().get("faults").get(0);
        assertThat(listed.get("id").asText()).isEqualTo(fault);
        assertThat(listed.get("injected").asLong()).isGreaterThanOrEqualTo(2); // each batch received twice at least

        assertThat(local.send("DELETE", "/_sluice/faults/" + fault, null).statusCode()).isEqualTo(204);
        local.sqs().sendMessage(r -> r.queueUrl(queue).messageBody("fine-1"));
        local.sqs().sendMessage(r -> r.queueUrl(queue).messageBody("fine-2"));
        Await.until("the handler to process the new messages", Duration.ofSeconds(60),
                () -> read(records).contains("fine-1") && read(records).contains("fine-2"));
        Await.until("the queue to empty", Duration.ofSeconds(30), () -> Queues.backlog(local.sqs(), queue) == 0);
        assertThat(Queues.backlog(local.sqs(), dlq)).isZero();
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

    @Test
    void aSeededProbabilityMakesTheSameDecisionsTwice() throws Exception {
        String declaration = "{\"function\":\"echo\",\"action\":\"error\",\"errorType\":\"Coin\",\"probability\":0.5,"
                + "\"seed\":1234}";
        addFault(declaration);
        List<Boolean> first = failures(12);
        local.send("DELETE", "/_sluice/faults", null);
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
        try (CloudWatchLogsClient logs = LocalClients.create(CloudWatchLogsClient.builder(), local.endpoint(),
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
        local.send("DELETE", "/_sluice/faults/" + timeout, null);

        addFault("{\"function\":\"echo\",\"action\":\"kill\"}");
        InvokeResponse killed = invoke("echo", "{}");
        assertThat(killed.functionError()).isEqualTo("Unhandled");
        assertThat(killed.payload().asUtf8String()).contains("Runtime.ExitError", "signal: killed");
        local.send("DELETE", "/_sluice/faults", null);

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
        CreateFunction.named("async-echo", TestFunctions.ECHO).timeout(3).variables(Map.of()).in(local.lambda());
        local.lambda().putFunctionEventInvokeConfig(r -> r.functionName("async-echo").maximumRetryAttempts(0));
        Path appended = Files.createTempFile(local.work(), "async", ".log");
        String fault = addFault("{\"function\":\"async-echo\",\"action\":\"throttle\"}");

        local.lambda().invoke(r -> r.functionName("async-echo").invocationType("Event").payload(SdkBytes.fromUtf8String(
                "{\"appendTo\":\"" + appended.toString().replace("\\", "\\\\") + "\",\"action\":\"ran\"}")));
        Await.until("the event to be throttled twice", Duration.ofSeconds(30),
                () -> local.cloud().faults().list().get(0).injected() >= 2);
        assertThat(read(appended)).isEmpty();

        // with no retry left, a failed attempt would have dropped the event: a throttle is no attempt
        local.send("DELETE", "/_sluice/faults/" + fault, null);
        Await.until("the event to run once the fault is gone", Duration.ofSeconds(60),
                () -> read(appended).contains("ran"));
    }

    @Test
    void anSqsOperationFaultIsSeenByTheSdkAsTheAwsErrorAndLeavesOtherOperationsAlone() throws Exception {
        String queue = local.sqs().createQueue(r -> r.queueName("flaky")).queueUrl();
        addFault("{\"service\":\"sqs\",\"operation\":\"SendMessage\",\"errorType\":\"ServiceUnavailable\"}");

        assertThatThrownBy(() -> local.sqs().sendMessage(r -> r.queueUrl(queue).messageBody("m")))
                .isInstanceOfSatisfying(SqsException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(503);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ServiceUnavailable");
                });
        assertThat(local.sqs().receiveMessage(r -> r.queueUrl(queue)).messages()).isEmpty();

        // the Query protocol (older SDKs, scripts) gets the same error as XML
        HttpResponse<String> query = http.send(HttpRequest.newBuilder(URI.create(queue))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("Action=SendMessage&Version=2012-11-05&MessageBody=m"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(query.statusCode()).isEqualTo(503);
        assertThat(query.body()).contains("<Code>ServiceUnavailable</Code>", "<Type>Receiver</Type>");

        local.send("DELETE", "/_sluice/faults", null);
        local.sqs().sendMessage(r -> r.queueUrl(queue).messageBody("m"));
        assertThat(Queues.backlog(local.sqs(), queue)).isEqualTo(1);
    }

    @Test
    void anEventBridgeOperationFaultIsSeenByTheSdk() throws Exception {
        addFault("{\"service\":\"events\",\"operation\":\"PutEvents\",\"errorType\":\"InternalException\"}");
        try (EventBridgeClient events = LocalClients.create(EventBridgeClient.builder(), local.endpoint(),
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
        assertThatThrownBy(() -> local.lambda().getFunctionConfiguration(r -> r.functionName("echo")))
                .isInstanceOfSatisfying(ServiceException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(500);
                    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Lambda is having a bad day");
                });
        assertThat(local.lambda().getFunction(r -> r.functionName("echo")).configuration().functionName())
                .isEqualTo("echo");
    }

    @Test
    void theApiRefusesBadInputAndBrowserContentTypes() throws Exception {
        HttpResponse<String> probability = local.send("POST", "/_sluice/faults",
                "{\"function\":\"echo\",\"action\":\"error\",\"errorType\":\"E\",\"probability\":2}");
        assertThat(probability.statusCode()).isEqualTo(400);
        assertThat(probability.body()).contains("probability must be a number between 0 and 1 (given 2)");

        HttpResponse<String> operation = local.send("POST", "/_sluice/faults",
                "{\"service\":\"sqs\",\"operation\":\"Teleport\",\"errorType\":\"E\"}");
        assertThat(operation.statusCode()).isEqualTo(400);
        assertThat(operation.body()).contains("operation must be one of sqs's");

        assertThat(local.send("DELETE", "/_sluice/faults/fault-999", null).statusCode()).isEqualTo(404);

        HttpResponse<String> plain = http.send(HttpRequest.newBuilder(local.endpoint().resolve("/_sluice/faults"))
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("{\"function\":\"echo\",\"action\":\"kill\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(plain.statusCode()).isEqualTo(415);

        HttpResponse<String> foreign = http.send(HttpRequest.newBuilder(local.endpoint().resolve("/_sluice/faults"))
                .header("Content-Type", "application/json").header("Origin", "https://evil.example")
                .POST(HttpRequest.BodyPublishers.ofString("{\"function\":\"echo\",\"action\":\"kill\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(foreign.statusCode()).isEqualTo(403);
        assertThat(local.cloud().faults().list()).isEmpty();

        // a function that does not exist yet may be given a fault: it applies once the function is deployed
        assertThat(local.send("POST", "/_sluice/faults", "{\"function\":\"later\",\"action\":\"kill\"}").statusCode())
                .isEqualTo(201);
    }

}
