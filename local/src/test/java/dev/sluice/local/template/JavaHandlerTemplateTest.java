package dev.sluice.local.template;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.local.CloudUnderTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The {@code --template} acceptance test: a plain-Java handler (no Quarkus), compiled here and zipped, deployed with
 * a hand-written template (function + event source mapping from a queue) to the real local cloud, processes messages.
 */
class JavaHandlerTemplateTest {

    private static final String TEMPLATE = """
            Parameters:
              OutDir: {Type: String}
            Resources:
              Input:
                Type: AWS::SQS::Queue
                Properties: {QueueName: handler-input, VisibilityTimeout: 59}
              Role:
                Type: AWS::IAM::Role
                Properties:
                  AssumeRolePolicyDocument: {Statement: [{Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: sts:AssumeRole}]}
              Handler:
                Type: AWS::Lambda::Function
                Metadata: {aws:asset:path: handler.zip}
                Properties:
                  Runtime: java21
                  Handler: %s
                  Role: !GetAtt Role.Arn
                  Timeout: 10
                  MemorySize: 256
                  Code: {S3Bucket: !Sub 'cdk-hnb659fds-assets-${AWS::AccountId}-${AWS::Region}', S3Key: abc123.zip}
                  Environment:
                    Variables: {OUT_DIR: !Ref OutDir, GREETING: hello}
              Mapping:
                Type: AWS::Lambda::EventSourceMapping
                Metadata: {sluice:autoscaling: {targetBacklogPerEnvironment: 5}}
                Properties:
                  FunctionName: !GetAtt Handler.Arn
                  EventSourceArn: !GetAtt Input.Arn
                  BatchSize: 5
                  FunctionResponseTypes: [ReportBatchItemFailures]
                  ScalingConfig: {MaximumConcurrency: 2}
            Outputs:
              FunctionArn: {Value: !GetAtt Handler.Arn}
            """.formatted(RecordingHandler.HANDLER);

    @TempDir
    Path dir;

    @Test
    void plainJavaHandlerFromATemplateProcessesQueueMessages() throws Exception {
        RecordingHandler.writeZip(dir.resolve("handler.zip"));
        Path template = dir.resolve("handler.yaml");
        Files.writeString(template, TEMPLATE);
        Path out = Files.createDirectories(dir.resolve("out"));
        List<String> lines = new CopyOnWriteArrayList<>();

        try (CloudUnderTest local = CloudUnderTest.start(dir.resolve("cloud"), b -> b)) {
            TemplateDeployer deployer = local.deployer(lines::add);
            SqsClient sqs = local.sqs();
            LambdaClient lambda = local.lambda();
            DeployResult result = deployer.deploy(template, "handler", Map.of("OutDir", out.toString()));

            DeployedResource function = result.resource("Handler");
            // AWS's advice: the queue's visibility timeout at least 6 times the function's (59 < 6 x 10)
            assertThat(lines).contains("warning: queue handler-input has a visibility timeout of 59 s, under 6 times"
                    + " the timeout of function " + function.physicalId() + " (10 s): AWS advises at least 60 s, so"
                    + " that a batch retried after a throttle or an error is not received again while an earlier"
                    + " attempt still runs");
            assertThat(function.status()).isEqualTo(ResourceStatus.CREATED);
            assertThat(function.physicalId()).startsWith("handler-Handler-");
            assertThat(result.resource("Role").status()).isEqualTo(ResourceStatus.NOT_ENFORCED);
            assertThat(result.resource("Mapping").status()).isEqualTo(ResourceStatus.CREATED);
            assertThat(result.resource("Mapping").metadata()).containsKey("sluice:autoscaling");
            assertThat(result.outputs().get("FunctionArn"))
                    .isEqualTo("arn:aws:lambda:us-east-1:000000000000:function:" + function.physicalId());
            assertThat(lambda.getFunction(b -> b.functionName(function.physicalId())).configuration().handler())
                    .isEqualTo(RecordingHandler.HANDLER);

            String queueUrl = sqs.getQueueUrl(b -> b.queueName("handler-input")).queueUrl();
            for (int i = 0; i < 3; i++) {
                int n = i;
                sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody("message-" + n));
            }

            List<String> written = RecordingHandler.awaitRecords(out, 3);
            assertThat(written).containsExactlyInAnyOrder("hello message-0", "hello message-1", "hello message-2");

            String revision = revision(lambda, function.physicalId());
            DeployResult again = deployer.deploy(template, "handler", Map.of("OutDir", out.toString()));
            assertThat(again.resource("Handler").status()).isEqualTo(ResourceStatus.UPDATED);
            assertThat(again.resource("Handler").detail()).contains("handler.zip; ").endsWith(" (unchanged)");
            assertThat(again.resource("Mapping").status()).isEqualTo(ResourceStatus.UPDATED);
            assertThat(revision(lambda, function.physicalId())).as("an unchanged function gets no new version, which"
                    + " would retire its environments").isEqualTo(revision);

            Path otherOut = Files.createDirectories(dir.resolve("other-out"));
            DeployResult changed = deployer.deploy(template, "handler", Map.of("OutDir", otherOut.toString()));
            assertThat(changed.resource("Handler").detail()).doesNotContain("unchanged");
            assertThat(revision(lambda, function.physicalId())).isNotEqualTo(revision);
            assertThat(lambda.getFunction(b -> b.functionName(function.physicalId())).configuration().environment()
                    .variables()).containsEntry("OUT_DIR", otherOut.toString());
        }
    }

    private static String revision(LambdaClient lambda, String function) {
        return lambda.getFunction(b -> b.functionName(function)).configuration().revisionId();
    }
}
