package dev.sluice.local.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.local.LocalCloud;
import dev.sluice.local.core.LocalClients;
import dev.sluice.testing.TestFunctions;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.DescribeRuleResponse;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.Architecture;
import software.amazon.awssdk.services.lambda.model.GetFunctionConfigurationResponse;
import software.amazon.awssdk.services.lambda.model.Runtime;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The settings a function and a rule can carry beyond the basics (a rule's schedule, a function's dead-letter queue,
 * architecture and ephemeral storage) come back after a crash exactly as they were given.
 */
class PersistentSettingsTest {

    @TempDir
    Path workDir;

    private LocalCloud start() {
        return LocalCloud.builder().port(0).workDir(workDir).persist(workDir.resolve("state")).autoscaling(false)
                .build().start();
    }

    @Test
    void schedulesDeadLetterQueuesArchitecturesAndStorageSurviveACrash() throws Exception {
        LocalCloud first = start();
        String dlqArn;
        try (SqsClient sqs = LocalClients.create(SqsClient.builder(), first.endpoint(), "us-east-1");
             EventBridgeClient events = LocalClients.create(EventBridgeClient.builder(), first.endpoint(), "us-east-1");
             LambdaClient lambda = LocalClients.create(LambdaClient.builder(), first.endpoint(), "us-east-1")) {
            String dlq = sqs.createQueue(b -> b.queueName("echo-dlq")).queueUrl();
            dlqArn = sqs.getQueueAttributes(b -> b.queueUrl(dlq).attributeNames(QueueAttributeName.QUEUE_ARN))
                    .attributes().get(QueueAttributeName.QUEUE_ARN);
            events.putRule(b -> b.name("nightly").scheduleExpression("cron(0 3 * * ? *)"));
            events.putRule(b -> b.name("every-five").scheduleExpression("rate(5 minutes)")
                    .state("DISABLED"));
            String target = dlqArn;
            lambda.createFunction(b -> b.functionName("echo").runtime(Runtime.JAVA21).handler(TestFunctions.ECHO)
                    .role("arn:aws:iam::000000000000:role/r").architectures(Architecture.ARM64)
                    .ephemeralStorage(s -> s.size(1024)).deadLetterConfig(d -> d.targetArn(target))
                    .code(c -> c.zipFile(SdkBytes.fromByteArray(bytes()))));
        }
        first.kill();

        LocalCloud second = start();
        try (EventBridgeClient events = LocalClients.create(EventBridgeClient.builder(), second.endpoint(), "us-east-1");
             LambdaClient lambda = LocalClients.create(LambdaClient.builder(), second.endpoint(), "us-east-1")) {
            DescribeRuleResponse nightly = events.describeRule(b -> b.name("nightly"));
            assertThat(nightly.scheduleExpression()).isEqualTo("cron(0 3 * * ? *)");
            assertThat(nightly.stateAsString()).isEqualTo("ENABLED");
            DescribeRuleResponse everyFive = events.describeRule(b -> b.name("every-five"));
            assertThat(everyFive.scheduleExpression()).isEqualTo("rate(5 minutes)");
            assertThat(everyFive.stateAsString()).isEqualTo("DISABLED");

            GetFunctionConfigurationResponse echo = lambda.getFunctionConfiguration(b -> b.functionName("echo"));
            assertThat(echo.deadLetterConfig().targetArn()).isEqualTo(dlqArn);
            assertThat(echo.architectures()).containsExactly(Architecture.ARM64);
            assertThat(echo.ephemeralStorage().size()).isEqualTo(1024);
            assertThat(lambda.invoke(b -> b.functionName("echo").payload(SdkBytes.fromUtf8String("{\"a\":1}")))
                    .payload().asUtf8String()).contains("\"a\"");
        } finally {
            second.close();
        }
    }

    private static byte[] bytes() {
        try {
            return TestFunctions.ZIP.bytes();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
