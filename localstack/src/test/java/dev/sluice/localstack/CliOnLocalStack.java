package dev.sluice.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.cli.CliRun;
import dev.sluice.local.core.Json;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The README's LocalStack flow, through the CLI as a user runs it: {@code sluice deploy --target localstack --stack
 * messaging} (cdklocal: bootstrap, asset publishing, change set), then {@code sluice send} and {@code sluice status}.
 * Only the messaging stack is deployed: LocalStack runs no Lambda functions here (see the subclasses,
 * {@link CliDeployToHostLocalStackTest} on the host and {@link CliDeployToDockerLocalStackTest} in Docker).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class CliOnLocalStack {

    private RunningLocalStack localStack;

    @BeforeAll
    void start() throws Exception {
        localStack = startLocalStack();
        System.out.println("LocalStack version " + localStack.version() + " (" + localStack.description() + ")");
    }

    /** Starts the LocalStack this class runs against, on a free port. */
    abstract RunningLocalStack startLocalStack() throws Exception;

    @AfterAll
    void stopLocalStack() throws Exception {
        if (localStack != null) {
            localStack.close();
        }
    }

    @Test
    void deploySendAndStatusThroughTheCli() throws Exception {
        String endpoint = localStack.endpoint().toString();

        CliRun deploy = sluice("deploy", "--no-build", "--target", "localstack", "--stack", "messaging",
                "--endpoint-url", endpoint);
        assertThat(deploy.exitCode()).as("deploy output:%n%s%s", deploy.out(), deploy.err()).isZero();

        Path sample = Repository.root().resolve("functions/events/order-placed.json");
        CliRun send = sluice("send", "--endpoint-url", endpoint, "--file", sample.toString());
        assertThat(send.exitCode()).as(send.err()).isZero();

        try (AwsClients aws = AwsClients.of(localStack.endpoint())) {
            String fulfillment = aws.queueUrl("fulfillment");
            List<Message> received = aws.sqs().receiveMessage(r -> r.queueUrl(fulfillment).waitTimeSeconds(10)
                    .visibilityTimeout(0)).messages();
            assertThat(received).hasSize(1);
            JsonNode envelope = Json.MAPPER.readTree(received.get(0).body());
            assertThat(envelope.path("detail-type").asText()).isEqualTo("OrderPlaced");
            assertThat(envelope.path("source").asText()).isEqualTo("shop.orders");
        }

        CliRun status = sluice("status", "--json", "--endpoint-url", endpoint);
        assertThat(status.exitCode()).as(status.err()).isZero();
        JsonNode queues = Json.MAPPER.readTree(status.out()).path("queues");
        assertThat(queues.findValuesAsText("name"))
                .contains("fulfillment", "notifications", "outbox", "fulfillment-dlq", "notifications-dlq", "outbox-dlq");
    }

    private static CliRun sluice(String... args) {
        return CliRun.inProcess(args);
    }
}
