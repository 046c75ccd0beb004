package dev.sluice.local.template;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.local.LocalCloud;
import dev.sluice.local.core.LocalClients;
import dev.sluice.testing.HandlerZip;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The {@code --template} acceptance test: a plain-Java handler (no Quarkus), compiled here and zipped, deployed with
 * a hand-written template (function + event source mapping from a queue) to the real local cloud, processes messages.
 */
class JavaHandlerTemplateTest {

    private static final String HANDLER = """
            package example;

            import com.amazonaws.services.lambda.runtime.Context;
            import com.amazonaws.services.lambda.runtime.RequestHandler;
            import java.io.IOException;
            import java.io.UncheckedIOException;
            import java.nio.file.Files;
            import java.nio.file.Path;
            import java.util.List;
            import java.util.Map;

            /** Writes each SQS record's body to OUT_DIR/<messageId>.txt. */
            public class Handler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
                @Override
                @SuppressWarnings("unchecked")
                public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
                    Path out = Path.of(System.getenv("OUT_DIR"));
                    for (Map<String, Object> record : (List<Map<String, Object>>) event.get("Records")) {
                        try {
                            Files.writeString(out.resolve(record.get("messageId") + ".txt"),
                                    System.getenv("GREETING") + " " + record.get("body"));
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }
                    return Map.of("batchItemFailures", List.of());
                }
            }
            """;

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
                  Handler: example.Handler::handleRequest
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
            """;

    @TempDir
    Path dir;

    @Test
    void plainJavaHandlerFromATemplateProcessesQueueMessages() throws Exception {
        HandlerZip.of("example.Handler", HANDLER).writeTo(dir.resolve("handler.zip"));
        Path template = dir.resolve("handler.yaml");
        Files.writeString(template, TEMPLATE);
        Path out = Files.createDirectories(dir.resolve("out"));
        List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();

        try (LocalCloud cloud = LocalCloud.builder().port(0).workDir(dir.resolve("cloud")).build().start();
             TemplateDeployer deployer = new TemplateDeployer(cloud.endpoint(), "us-east-1", lines::add);
             SqsClient sqs = LocalClients.create(SqsClient.builder(), cloud.endpoint(), "us-east-1");
             LambdaClient lambda = LocalClients.create(LambdaClient.builder(), cloud.endpoint(), "us-east-1")) {
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
                    .isEqualTo("example.Handler::handleRequest");

            String queueUrl = sqs.getQueueUrl(b -> b.queueName("handler-input")).queueUrl();
            for (int i = 0; i < 3; i++) {
                int n = i;
                sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody("message-" + n));
            }

            List<String> written = awaitFiles(out, 3);
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

    private static List<String> awaitFiles(Path out, int count) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (Instant.now().isBefore(deadline)) {
            List<Path> files;
            try (Stream<Path> listing = Files.list(out)) {
                files = listing.filter(p -> p.toString().endsWith(".txt")).toList();
            }
            if (files.size() >= count) {
                return files.stream().map(JavaHandlerTemplateTest::read).toList();
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the handler did not write " + count + " files into " + out + " within 90 s");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
