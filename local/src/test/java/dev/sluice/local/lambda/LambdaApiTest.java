package dev.sluice.local.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.local.core.Json;
import dev.sluice.local.lambda.runtime.FunctionEnvironments;
import dev.sluice.testing.Await;
import dev.sluice.testing.TestFunctions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.LambdaException;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;
import software.amazon.awssdk.services.lambda.model.Runtime;
import software.amazon.awssdk.services.lambda.model.TooManyRequestsException;

/** The Lambda REST API through the real AWS SDK, with functions running in real JVMs under the real RIC. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LambdaApiTest {

    private static final ObjectMapper JSON = Json.MAPPER;
    @AutoClose
    private final LocalLambda local = LocalLambda.start();

    @BeforeAll
    void start() throws Exception {
        local.createFunction("echo", TestFunctions.ECHO, 3, Map.of("GREETING", "hello"));
    }

    private InvokeResponse invoke(String function, String payload) {
        return local.lambda.invoke(r -> r.functionName(function).payload(SdkBytes.fromUtf8String(payload)));
    }

    private static JsonNode json(InvokeResponse response) throws Exception {
        return JSON.readTree(response.payload().asUtf8String());
    }

    private long echoPid() throws Exception {
        InvokeResponse response = invoke("echo", "{}");
        assertThat(response.functionError()).isNull();
        return json(response).get("pid").asLong();
    }

    @Test
    void invokeReturnsTheFunctionsResponseWithItsEnvironment() throws Exception {
        InvokeResponse response = invoke("echo", "{\"order\":42}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.functionError()).isNull();
        assertThat(response.executedVersion()).isEqualTo("$LATEST");
        JsonNode body = json(response);
        assertThat(body.get("input").get("order").asInt()).isEqualTo(42);
        assertThat(body.get("function").asText()).isEqualTo("echo");
        assertThat(body.get("greeting").asText()).isEqualTo("hello");
        assertThat(body.get("endpoint").asText()).isEqualTo(local.edge.endpoint().toString());
        assertThat(body.get("remainingMillis").asLong()).isPositive();
    }

    @Test
    void aWarmEnvironmentIsReused() throws Exception {
        long first = echoPid();
        long second = echoPid();

        assertThat(second).isEqualTo(first);
        assertThat(local.service.environments("echo").running()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void aFunctionErrorComesBackAsUnhandledWithTheErrorDocument() throws Exception {
        InvokeResponse response = invoke("echo", "{\"action\":\"fail\"}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.functionError()).isEqualTo("Unhandled");
        JsonNode error = json(response);
        assertThat(error.get("errorType").asText()).isEqualTo("java.lang.IllegalStateException");
        assertThat(error.get("errorMessage").asText()).isEqualTo("failed on demand");
        assertThat(error.get("stackTrace").isArray()).isTrue();
    }

    @Test
    void aCrashFailsTheInvocationAndTheNextGetsAFreshEnvironment() throws Exception {
        long before = echoPid();

        InvokeResponse crash = invoke("echo", "{\"action\":\"exit\"}");

        assertThat(crash.functionError()).isEqualTo("Unhandled");
        assertThat(json(crash).get("errorType").asText()).isEqualTo("Runtime.ExitError");
        assertThat(json(crash).get("errorMessage").asText()).contains("exit status 3");
        long after = echoPid();
        assertThat(after).isNotEqualTo(before);
        assertThat(ProcessHandle.of(before).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    }

    @Test
    void anInvocationPastTheTimeoutStopsTheEnvironment() throws Exception {
        local.createFunction("sleeper", TestFunctions.ECHO, 1, Map.of());
        long before = json(invoke("sleeper", "{}")).get("pid").asLong();

        InvokeResponse slow = invoke("sleeper", "{\"action\":\"sleep\",\"millis\":10000}");

        assertThat(slow.functionError()).isEqualTo("Unhandled");
        assertThat(json(slow).get("errorType").asText()).isEqualTo("Sandbox.Timedout");
        assertThat(json(slow).get("errorMessage").asText()).isEqualTo("RequestId: "
                + slow.responseMetadata().requestId() + " Error: Task timed out after 1.00 seconds");
        assertThat(ProcessHandle.of(before).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(json(invoke("sleeper", "{}")).get("pid").asLong()).isNotEqualTo(before);
    }

    @Test
    void aHandlerClassThatDoesNotExistGivesAClearError() throws Exception {
        local.createFunction("missing-handler", TestFunctions.MISSING, 3, Map.of());

        InvokeResponse response = invoke("missing-handler", "{}");

        assertThat(response.functionError()).isEqualTo("Unhandled");
        assertThat(json(response).get("errorMessage").asText()).contains("fixture.Missing");
    }

    @Test
    void anInitErrorIncludesTheLastOutputOfTheEnvironment() throws Exception {
        local.createFunction("broken-init", TestFunctions.BROKEN_INIT, 3, Map.of());

        InvokeResponse response = invoke("broken-init", "{}");

        assertThat(response.functionError()).isEqualTo("Unhandled");
        assertThat(json(response).get("errorMessage").asText())
                .contains("Init failed").contains("cause-of-init-failure: missing setting");
        assertThat(local.service.environments("broken-init").running()).isZero();
    }

    @Test
    void anUpdatedConfigurationReachesNewEnvironmentsAndRetiresOldOnes() throws Exception {
        local.createFunction("configurable", TestFunctions.ECHO, 3, Map.of("GREETING", "before"));
        JsonNode first = json(invoke("configurable", "{}"));

        local.lambda.updateFunctionConfiguration(r -> r.functionName("configurable")
                .environment(e -> e.variables(Map.of("GREETING", "after"))));
        JsonNode second = json(invoke("configurable", "{}"));

        assertThat(first.get("greeting").asText()).isEqualTo("before");
        assertThat(second.get("greeting").asText()).isEqualTo("after");
        assertThat(second.get("pid").asLong()).isNotEqualTo(first.get("pid").asLong());
        assertThat(local.lambda.getFunctionConfiguration(r -> r.functionName("configurable"))
                .environment().variables()).containsEntry("GREETING", "after");
    }

    @Test
    void functionsAreListedDescribedAndDeleted() throws Exception {
        local.createFunction("short-lived", TestFunctions.ECHO, 3, Map.of());

        var described = local.lambda.getFunction(r -> r.functionName(
                "arn:aws:lambda:us-east-1:000000000000:function:short-lived"));
        assertThat(described.configuration().handler()).isEqualTo(TestFunctions.ECHO);
        assertThat(described.configuration().runtime()).isEqualTo(Runtime.JAVA21);
        assertThat(described.configuration().timeout()).isEqualTo(3);
        assertThat(described.configuration().codeSha256()).isNotBlank();
        assertThat(local.lambda.listFunctions().functions()).extracting(f -> f.functionName()).contains("short-lived");

        local.lambda.deleteFunction(r -> r.functionName("short-lived"));

        assertThatThrownBy(() -> local.lambda.getFunction(r -> r.functionName("short-lived")))
                .isInstanceOf(ResourceNotFoundException.class)
                .hasMessageContaining("Function not found: arn:aws:lambda:us-east-1:000000000000:function:short-lived");
    }

    @Test
    void environmentsArePrewarmedAndReapedWhenIdle() throws Exception {
        local.createFunction("warmed", TestFunctions.ECHO, 3, Map.of());
        FunctionEnvironments environments = local.service.environments("warmed");

        environments.setMinimumWarm(2);
        Await.until("two warm environments", Duration.ofSeconds(30),
                () -> environments.running() == 2 && environments.busy() == 0);
        assertThat(json(invoke("warmed", "{}")).get("pid").asLong()).isPositive();
        assertThat(environments.running()).isEqualTo(2);

        try {
            local.service.setIdleTimeout(Duration.ofMillis(200));
            environments.setMinimumWarm(0);
            Await.until("idle environments reaped", Duration.ofSeconds(30), () -> environments.running() == 0);
        } finally {
            local.service.setIdleTimeout(Duration.ofMinutes(5));
        }
    }

    @Test
    void dryRunChecksWithoutRunning() {
        InvokeResponse response = local.lambda.invoke(r -> r.functionName("echo").invocationType(InvocationType.DRY_RUN));

        assertThat(response.statusCode()).isEqualTo(204);
    }

    @Test
    void reservedConcurrencyOfZeroThrottles() throws Exception {
        local.createFunction("throttled", TestFunctions.ECHO, 3, Map.of());
        local.lambda.putFunctionConcurrency(r -> r.functionName("throttled").reservedConcurrentExecutions(0));

        assertThat(local.lambda.getFunctionConcurrency(r -> r.functionName("throttled"))
                .reservedConcurrentExecutions()).isZero();
        assertThatThrownBy(() -> invoke("throttled", "{}")).isInstanceOf(TooManyRequestsException.class);

        local.lambda.deleteFunctionConcurrency(r -> r.functionName("throttled"));
        assertThat(local.lambda.getFunctionConcurrency(r -> r.functionName("throttled"))
                .reservedConcurrentExecutions()).isNull();
    }

    @Test
    void permissionsAreStored() {
        local.lambda.addPermission(r -> r.functionName("echo").statementId("events").action("lambda:InvokeFunction")
                .principal("events.amazonaws.com").sourceArn("arn:aws:events:us-east-1:000000000000:rule/orders"));

        assertThat(local.lambda.getPolicy(r -> r.functionName("echo")).policy())
                .contains("\"Sid\":\"events\"").contains("events.amazonaws.com");
        assertThatThrownBy(() -> local.lambda.addPermission(r -> r.functionName("echo").statementId("events")
                .action("lambda:InvokeFunction").principal("events.amazonaws.com")))
                .hasMessageContaining("already exists");

        local.lambda.removePermission(r -> r.functionName("echo").statementId("events"));
        assertThatThrownBy(() -> local.lambda.getPolicy(r -> r.functionName("echo")))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void anEventInvocationIsRetriedThenSentToTheOnFailureDestination() throws Exception {
        String dlqUrl = local.sqs.createQueue(r -> r.queueName("async-failures")).queueUrl();
        local.lambda.putFunctionEventInvokeConfig(r -> r.functionName("echo").maximumRetryAttempts(1)
                .destinationConfig(d -> d.onFailure(f -> f.destination("arn:aws:sqs:us-east-1:000000000000:async-failures"))));
        Path attempts = Files.createTempFile("attempts", ".txt");

        InvokeResponse accepted = local.lambda.invoke(r -> r.functionName("echo").invocationType(InvocationType.EVENT)
                .payload(SdkBytes.fromUtf8String("{\"action\":\"fail\",\"appendTo\":\"" + attempts + "\"}")));

        assertThat(accepted.statusCode()).isEqualTo(202);
        List<software.amazon.awssdk.services.sqs.model.Message> failures = new java.util.ArrayList<>();
        Await.until("the failure record", Duration.ofSeconds(30), () -> {
            failures.addAll(local.sqs.receiveMessage(r -> r.queueUrl(dlqUrl).waitTimeSeconds(1)).messages());
            return !failures.isEmpty();
        });
        JsonNode record = JSON.readTree(failures.get(0).body());
        assertThat(record.at("/requestContext/condition").asText()).isEqualTo("RetriesExhausted");
        assertThat(record.at("/requestContext/approximateInvokeCount").asInt()).isEqualTo(2);
        assertThat(record.at("/responseContext/functionError").asText()).isEqualTo("Unhandled");
        assertThat(record.at("/responsePayload/errorMessage").asText()).isEqualTo("failed on demand");
        assertThat(record.at("/requestPayload/action").asText()).isEqualTo("fail");
        assertThat(Files.readAllLines(attempts, StandardCharsets.UTF_8)).containsExactly("fail", "fail");
        String requestId = accepted.responseMetadata().requestId(); // one request id over the retries, as on AWS
        assertThat(record.at("/requestContext/requestId").asText()).isEqualTo(requestId);
        assertThat(local.service.logs().events("/aws/lambda/echo")).extracting(event -> event.message())
                .filteredOn(message -> message.equals("START RequestId: " + requestId + " Version: $LATEST")).hasSize(2);
        local.lambda.deleteFunctionEventInvokeConfig(r -> r.functionName("echo"));
    }

    @Test
    void asyncInvokeOfAnUnknownFunctionIsNotDelivered() {
        assertThatThrownBy(() -> local.service.invokeAsync("nope", "{}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(AsyncInvoker.DeliveryException.class)
                .hasMessageContaining("Function not found: arn:aws:lambda:us-east-1:000000000000:function:nope");
    }

    @Test
    void invokingAnUnknownFunctionIsNotFound() {
        assertThatThrownBy(() -> invoke("nope", "{}"))
                .isInstanceOf(ResourceNotFoundException.class)
                .hasMessageContaining("Function not found: arn:aws:lambda:us-east-1:000000000000:function:nope");
    }

    @Test
    void badConfigurationIsRejectedNamingTheField() {
        assertThatThrownBy(() -> local.lambda.createFunction(r -> r.functionName("bad").runtime(Runtime.JAVA21)
                .handler("x::y").timeout(901).memorySize(64)
                .code(c -> c.zipFile(SdkBytes.fromByteArray(new byte[] {1})))))
                .isInstanceOf(LambdaException.class)
                .hasMessageContaining("2 validation errors")
                .hasMessageContaining("'timeout'").hasMessageContaining("less than or equal to 900")
                .hasMessageContaining("'memorySize'").hasMessageContaining("greater than or equal to 128");
        assertThatThrownBy(() -> local.lambda.createFunction(r -> r.functionName("bad").runtime(Runtime.PYTHON3_12)
                .code(c -> c.zipFile(SdkBytes.fromByteArray(new byte[] {1})))))
                .hasMessageContaining("'runtime'").hasMessageContaining("'handler'");
        assertThatThrownBy(() -> local.lambda.createFunction(r -> r.functionName("bad").runtime(Runtime.JAVA21)
                .handler("x::y").environment(e -> e.variables(Map.of("AWS_REGION", "eu-west-1")))
                .code(c -> c.zipFile(SdkBytes.fromByteArray(new byte[] {1})))))
                .hasMessageContaining("'environment.variables'").hasMessageContaining("AWS_REGION");
        assertThatThrownBy(() -> local.lambda.putFunctionEventInvokeConfig(r -> r.functionName("echo")
                .maximumRetryAttempts(3)))
                .hasMessageContaining("'maximumRetryAttempts'");
    }
}
