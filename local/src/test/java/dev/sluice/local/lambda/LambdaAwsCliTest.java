package dev.sluice.local.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.local.core.Json;
import dev.sluice.testing.Await;
import dev.sluice.testing.TestFunctions;
import dev.sluice.testing.AwsCli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** The AWS CLI (v1, as installed on the build machines) drives the local Lambda API with --endpoint-url. */
class LambdaAwsCliTest {

    private static final ObjectMapper JSON = Json.MAPPER;
    private static final String ROLE = "arn:aws:iam::000000000000:role/cli";

    @TempDir
    static Path dir;

    private static LocalLambda local;
    private static Path zip;

    @BeforeAll
    static void start() throws Exception {
        local = new LocalLambda();
        zip = Files.write(dir.resolve("function.zip"), TestFunctions.ZIP.bytes());
    }

    @AfterAll
    static void stop() throws Exception {
        local.close();
    }

    /** Exit code, stdout and stderr of one {@code aws lambda ...} run. */
    private static AwsCli.Result aws(String... args) throws IOException, InterruptedException {
        return new AwsCli(local.edge.endpoint(), "us-east-1", "lambda").run(args);
    }

    @Test
    void cliCreatesListsGetsInvokesAndDeletesAFunction() throws Exception {
        JsonNode created = aws("create-function", "--function-name", "cli-echo", "--runtime", "java21",
                "--handler", TestFunctions.ECHO, "--role", ROLE, "--zip-file", "fileb://" + zip,
                "--timeout", "20", "--memory-size", "256",
                "--environment", "{\"Variables\":{\"GREETING\":\"hello from the CLI\"}}").json();
        assertThat(created.path("FunctionArn").asText())
                .isEqualTo("arn:aws:lambda:us-east-1:000000000000:function:cli-echo");
        assertThat(created.path("Runtime").asText()).isEqualTo("java21");
        assertThat(created.path("Handler").asText()).isEqualTo(TestFunctions.ECHO);

        JsonNode listed = aws("list-functions").json();
        assertThat(listed.path("Functions").findValuesAsText("FunctionName")).contains("cli-echo");

        JsonNode got = aws("get-function", "--function-name", "cli-echo").json();
        assertThat(got.at("/Configuration/FunctionName").asText()).isEqualTo("cli-echo");
        assertThat(got.at("/Configuration/Timeout").asInt()).isEqualTo(20);
        assertThat(got.at("/Configuration/Environment/Variables/GREETING").asText()).isEqualTo("hello from the CLI");

        Path answer = dir.resolve("answer.json");
        JsonNode invoked = aws("invoke", "--function-name", "cli-echo", "--payload", "{\"action\":\"echo\",\"n\":7}",
                answer.toString()).json();
        assertThat(invoked.path("StatusCode").asInt()).isEqualTo(200);
        assertThat(invoked.has("FunctionError")).as("function error in %s", invoked).isFalse();
        JsonNode result = JSON.readTree(answer.toFile());
        assertThat(result.at("/input/n").asInt()).isEqualTo(7);
        assertThat(result.path("greeting").asText()).isEqualTo("hello from the CLI");
        assertThat(result.path("function").asText()).isEqualTo("cli-echo");

        Path failure = dir.resolve("failure.json");
        JsonNode failed = aws("invoke", "--function-name", "cli-echo", "--payload", "{\"action\":\"fail\"}",
                failure.toString()).json();
        assertThat(failed.path("FunctionError").asText()).isEqualTo("Unhandled");
        assertThat(JSON.readTree(failure.toFile()).path("errorMessage").asText()).isEqualTo("failed on demand");

        aws("delete-function", "--function-name", "cli-echo").json();
        AwsCli.Result gone = aws("get-function", "--function-name", "cli-echo");
        assertThat(gone.exitCode()).isNotZero();
        assertThat(gone.err()).contains("ResourceNotFoundException");
    }

    @Test
    void cliCreatesAnEventSourceMappingThatDeliversQueueMessages() throws Exception {
        Path records = dir.resolve("cli-records.log");
        String queueUrl = local.sqs.createQueue(r -> r.queueName("cli-input")
                .attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "30"))).queueUrl();
        String queueArn = "arn:aws:sqs:us-east-1:000000000000:cli-input";
        aws("create-function", "--function-name", "cli-batch", "--runtime", "java21",
                "--handler", TestFunctions.BATCH, "--role", ROLE, "--zip-file", "fileb://" + zip,
                "--timeout", "20", "--memory-size", "256",
                "--environment", JSON.writeValueAsString(Map.of("Variables", Map.of("RECORD_FILE", records.toString()))))
                .json();

        JsonNode mapping = aws("create-event-source-mapping", "--function-name", "cli-batch",
                "--event-source-arn", queueArn, "--batch-size", "5",
                "--function-response-types", "ReportBatchItemFailures").json();
        String uuid = mapping.path("UUID").asText();
        assertThat(uuid).isNotBlank();
        assertThat(mapping.path("BatchSize").asInt()).isEqualTo(5);
        assertThat(mapping.path("EventSourceArn").asText()).isEqualTo(queueArn);
        assertThat(mapping.path("FunctionResponseTypes").get(0).asText()).isEqualTo("ReportBatchItemFailures");

        JsonNode listed = aws("list-event-source-mappings", "--function-name", "cli-batch").json();
        assertThat(listed.path("EventSourceMappings").findValuesAsText("UUID")).containsExactly(uuid);

        local.sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody("from-cli-test"));
        Await.until("the mapping to deliver the message", Duration.ofSeconds(60), () -> {
            try {
                return Files.exists(records) && Files.readString(records).contains("from-cli-test ok");
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });

        aws("delete-function", "--function-name", "cli-batch").json();
        JsonNode afterDelete = aws("list-event-source-mappings", "--event-source-arn", queueArn).json();
        assertThat(afterDelete.path("EventSourceMappings")).as("mappings of a deleted function").isEmpty();
    }
}
