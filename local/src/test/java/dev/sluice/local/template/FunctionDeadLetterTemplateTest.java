package dev.sluice.local.template;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.local.CloudUnderTest;
import dev.sluice.testing.Await;
import dev.sluice.testing.TestFunctions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * {@code AWS::Lambda::Function} {@code DeadLetterConfig} from a template, with an {@code AWS::Lambda::EventInvokeConfig}
 * of no retries: a failed asynchronous event lands on the queue the template names, with Lambda's attributes.
 */
class FunctionDeadLetterTemplateTest {

    private static final String TEMPLATE = """
            Resources:
              Dlq:
                Type: AWS::SQS::Queue
                Properties: {QueueName: echo-dlq}
            %s
              NoRetries:
                Type: AWS::Lambda::EventInvokeConfig
                Properties: {FunctionName: !Ref Echo, Qualifier: $LATEST, MaximumRetryAttempts: 0}
            """.formatted(TemplateFragments.javaFunction("Echo", "echo.zip", TestFunctions.ECHO,
            "DeadLetterConfig: {TargetArn: !GetAtt Dlq.Arn}"));

    @TempDir
    Path dir;

    @Test
    void aTemplatesDeadLetterConfigReceivesTheFailedEvent() throws Exception {
        Path template = TemplateFragments.writeWithFixtures(dir, TEMPLATE, "echo.zip");

        try (CloudUnderTest local = CloudUnderTest.start(dir.resolve("cloud"), b -> b)) {
            SqsClient sqs = local.sqs();
            LambdaClient lambda = local.lambda();
            DeployResult result = local.deployer(line -> { }).deploy(template);
            DeployedResource function = result.resource("Echo");
            assertThat(function.status()).isEqualTo(ResourceStatus.CREATED);
            assertThat(function.ignored()).isEmpty();
            assertThat(lambda.getFunctionConfiguration(b -> b.functionName(function.physicalId())).deadLetterConfig()
                    .targetArn()).isEqualTo("arn:aws:sqs:us-east-1:000000000000:echo-dlq");

            lambda.invoke(b -> b.functionName(function.physicalId()).invocationType(InvocationType.EVENT)
                    .payload(SdkBytes.fromUtf8String("{\"action\":\"fail\"}")));

            String dlqUrl = sqs.getQueueUrl(b -> b.queueName("echo-dlq")).queueUrl();
            List<Message> letters = new ArrayList<>();
            Await.until("the failed event on echo-dlq", Duration.ofSeconds(30), () -> {
                letters.addAll(sqs.receiveMessage(b -> b.queueUrl(dlqUrl).waitTimeSeconds(1)
                        .messageAttributeNames("All")).messages());
                return !letters.isEmpty();
            });
            assertThat(letters.get(0).body()).isEqualTo("{\"action\":\"fail\"}");
            assertThat(letters.get(0).messageAttributes().get("ErrorMessage").stringValue())
                    .isEqualTo("failed on demand");
            assertThat(letters.get(0).messageAttributes().get("ErrorCode").stringValue()).isEqualTo("200");
        }
    }
}
