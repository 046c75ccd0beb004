package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.local.LocalCloud;
import dev.sluice.local.core.Json;
import dev.sluice.local.core.LocalClients;
import dev.sluice.testing.TestFunctions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.Runtime;
import software.amazon.awssdk.services.sqs.SqsClient;

/** {@code sluice status} against a real local cloud: mappings with environments and the autoscaler's decisions. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StatusLocalCloudTest {

    private static final ObjectMapper JSON = Json.MAPPER;

    private Path work;
    private LocalCloud cloud;
    private String uuid;

    @BeforeAll
    void start() throws IOException {
        work = Files.createTempDirectory("status-local");
        cloud = LocalCloud.builder().port(0).workDir(work).build().start();
        try (LambdaClient lambda = LocalClients.create(LambdaClient.builder(), cloud.endpoint(), "us-east-1");
             SqsClient sqs = LocalClients.create(SqsClient.builder(), cloud.endpoint(), "us-east-1")) {
            sqs.createQueue(r -> r.queueName("fulfillment"));
            byte[] zip = TestFunctions.ZIP.bytes(); // its handler is never invoked: the environment only has to start
            lambda.createFunction(r -> r.functionName("fulfillOrder").runtime(Runtime.JAVA17)
                    .handler("example.Placeholder::handleRequest").role("arn:aws:iam::000000000000:role/test")
                    .code(c -> c.zipFile(SdkBytes.fromByteArray(zip))));
            uuid = lambda.createEventSourceMapping(r -> r.functionName("fulfillOrder")
                    .eventSourceArn("arn:aws:sqs:us-east-1:000000000000:fulfillment")
                    .scalingConfig(s -> s.maximumConcurrency(4))).uuid();
        }
        // One pre-warmed environment, so that a running environment shows without sending work.
        cloud.autoscaler().override("fulfillOrder", Map.of("minimum", "1"));
    }

    @AfterAll
    void stop() {
        if (cloud != null) {
            cloud.close();
        }
    }

    @Test
    void jsonShowsMappingsWithEnvironmentsAndTheLastDecision() throws Exception {
        JsonNode mapping = awaitMapping(m -> m.path("environments").path("running").asInt() == 1);

        assertThat(mapping.path("functionName").asText()).isEqualTo("fulfillOrder");
        assertThat(mapping.path("queue").asText()).isEqualTo("fulfillment");
        assertThat(mapping.path("queueUrl").asText()).endsWith("/000000000000/fulfillment");
        assertThat(mapping.path("visible").asLong()).isZero();
        assertThat(mapping.path("inFlight").asLong()).isZero();
        assertThat(mapping.path("environments").path("desired").asInt()).isEqualTo(1);
        assertThat(mapping.path("concurrency").asInt()).isEqualTo(1);
        assertThat(mapping.path("settings").path("maximum").asText()).isEqualTo("4");
        assertThat(mapping.path("lastChange").path("reason").asText()).isEqualTo("PRE_WARM");
        assertThat(mapping.path("decision").path("explanation").asText()).contains("backlog 0 / target 10");
        assertThat(mapping.has("invocationsPerSecond")).isTrue();
        assertThat(mapping.has("errors")).isTrue();
    }

    @Test
    void watchRedrawsTheTableTheGivenNumberOfTimes() {
        CliRun run = CliRun.inProcess("status", "--endpoint-url", cloud.endpoint().toString(), "--watch",
                "--interval", "100ms", "--count", "2");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out().split(java.util.regex.Pattern.quote(StatusCommand.CLEAR_SCREEN), -1)).hasSize(3);
        assertThat(run.outLines()).anySatisfy(line -> assertThat(line).startsWith("FUNCTION").contains("QUEUE",
                "RUNNING", "DESIRED", "POLLERS", "INVOKES/S", "THROTTLED", "LAST DECISION"));
        assertThat(run.outLines()).anySatisfy(line -> assertThat(line).startsWith("fulfillOrder")
                .contains("fulfillment"));
    }

    @Test
    void warnsOfReservedConcurrencyBelowTheMappingsMaximumConcurrency() throws Exception {
        try (LambdaClient lambda = LocalClients.create(LambdaClient.builder(), cloud.endpoint(), "us-east-1");
             SqsClient sqs = LocalClients.create(SqsClient.builder(), cloud.endpoint(), "us-east-1")) {
            sqs.createQueue(r -> r.queueName("trapped"));
            SdkBytes zip = SdkBytes.fromByteArray(TestFunctions.ZIP.bytes());
            lambda.createFunction(r -> r.functionName("trappedFn").runtime(Runtime.JAVA17)
                    .handler("example.Placeholder::handleRequest").role("arn:aws:iam::000000000000:role/test")
                    .code(c -> c.zipFile(zip)));
            lambda.putFunctionConcurrency(r -> r.functionName("trappedFn").reservedConcurrentExecutions(2));
            String trapped = lambda.createEventSourceMapping(r -> r.functionName("trappedFn")
                    .eventSourceArn("arn:aws:sqs:us-east-1:000000000000:trapped")
                    .scalingConfig(s -> s.maximumConcurrency(4))).uuid();
            try {
                CliRun run = CliRun.inProcess("status", "--endpoint-url", cloud.endpoint().toString());

                assertThat(run.exitCode()).as(run.err()).isZero();
                assertThat(run.outLines()).anySatisfy(line -> assertThat(line).startsWith("FUNCTION")
                        .contains("THROTTLED"));
                assertThat(run.outLines()).contains("warning: function trappedFn has reserved concurrency 2, below"
                        + " the mapping's MaximumConcurrency 4 on queue trapped: the batches over it are throttled and"
                        + " their messages return with their receive count raised, reaching the dead-letter queue"
                        + " without the handler running; set MaximumConcurrency to at most 2 or reserve at least 4");
            } finally {
                lambda.deleteEventSourceMapping(r -> r.uuid(trapped));
                lambda.deleteFunction(r -> r.functionName("trappedFn"));
            }
        }
    }

    @Test
    void watchOptionsAreChecked() {
        assertThat(CliRun.usageError("status", "--watch", "--json")).contains("--watch and --json exclude each other");
        assertThat(CliRun.usageError("status", "--watch", "--interval", "5ms"))
                .contains("--interval must be between 100ms and 1m", "given '5ms'");
        assertThat(CliRun.usageError("status", "--count", "2")).contains("--count needs --watch");
    }

    @Test
    void badScalingFlagsOnLocalUpAreUsageErrors() {
        assertThat(CliRun.usageError("local", "up", "--no-deploy", "--scaling", "fastest=yes"))
                .contains("--scaling fastest=yes", "unknown setting 'fastest'",
                "targetBacklogPerEnvironment");
        assertThat(CliRun.usageError("local", "up", "--no-deploy", "--scaling", "fulfillOrder:minimum=-1"))
                .contains("--scaling fulfillOrder:minimum=-1",
                "minimum must be between 0 and 1000 (given -1)");
    }

    private JsonNode awaitMapping(java.util.function.Predicate<JsonNode> condition) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        JsonNode mapping = null;
        while (System.nanoTime() < deadline) {
            CliRun run = CliRun.inProcess("status", "--json", "--endpoint-url", cloud.endpoint().toString());
            assertThat(run.exitCode()).as(run.err()).isZero();
            for (JsonNode m : JSON.readTree(run.out()).path("mappings")) {
                if (m.path("uuid").asText().equals(uuid)) {
                    mapping = m;
                }
            }
            if (mapping != null && condition.test(mapping)) {
                return mapping;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("gave up waiting; last mapping: " + mapping);
    }
}
