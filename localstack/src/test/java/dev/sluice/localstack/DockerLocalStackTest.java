package dev.sluice.localstack;

import dev.sluice.example.infra.OrderPipelineApp;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * Both example stacks on LocalStack in Docker, where LocalStack runs the Lambdas itself. Skipped where no Docker
 * engine runs ({@link SkippedTestsLog} prints the one-line reason); the host-mode tests cover LocalStack there.
 */
@Testcontainers(disabledWithoutDocker = true)
class DockerLocalStackTest {

    @Container
    static final LocalStackContainer LOCALSTACK = new LocalStackContainer(
            DockerImageName.parse("localstack/localstack:4.14.0"))
            .withServices("sqs", "events", "lambda", "cloudformation", "iam", "logs", "cloudwatch", "s3", "ssm", "sts")
            // Java functions cold-start slowly in a fresh container; the same settings as docker-compose.yml.
            .withEnv("LAMBDA_RUNTIME_ENVIRONMENT_TIMEOUT", "120")
            .withEnv("LAMBDA_IGNORE_ARCHITECTURE", "1");

    @Test
    void everyOrderPlacedReachesTheOutbox(@TempDir Path dir) throws Exception {
        SynthesizedApp app = SynthesizedApp.synthesize(dir.resolve("cdk.out"));
        try (CloudFormationStacks stacks = new CloudFormationStacks(LOCALSTACK.getEndpoint(), AwsClients.REGION,
                AwsClients.ACCOUNT)) {
            stacks.bootstrap();
            stacks.deploy(app, OrderPipelineApp.MESSAGING_STACK_ID);
            stacks.deploy(app, OrderPipelineApp.FUNCTIONS_STACK_ID);
        }

        OrderScenario scenario = new OrderScenario("docker");
        ScenarioOutcome outcome;
        try (AwsClients aws = AwsClients.of(LOCALSTACK.getEndpoint())) {
            outcome = scenario.run(aws, Duration.ofMinutes(5));
        }

        scenario.assertCompleted(outcome);
    }
}
