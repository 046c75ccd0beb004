package dev.sluice.junit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import dev.sluice.testing.HandlerZip;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The fixtures the extension's tests deploy, written once per JVM under target/junit-fixtures before the local cloud
 * extension needs them (register this extension before {@link LocalCloudTest}):
 * <ul>
 *   <li>{@value #PROJECT}: a CDK project whose app is a shell script copying a ready cloud assembly into $CDK_OUTDIR
 *       (no CDK needed), with two real Java functions compiled here: {@code acme-worker} consumes the queue
 *       {@code acme-jobs} (fed by the bus {@code acme}) and reports bodies containing "poison" as batch item failures,
 *       which reach {@code acme-jobs-dlq} after one more receive; {@code acme-echo} is invoked by a rule for
 *       {@code Echo} events and its results go to the queue {@code acme-results} (an OnSuccess destination);</li>
 *   <li>{@value #TEMPLATE}: a hand-written template with one queue, {@code plain-inbox}.</li>
 * </ul>
 */
final class AcmeFixtures implements BeforeAllCallback {

    static final String PROJECT = "target/junit-fixtures/acme";
    static final String TEMPLATE = "target/junit-fixtures/inbox.yaml";

    private static final String WORKER = """
            package fixture;
            import com.amazonaws.services.lambda.runtime.Context;
            import com.amazonaws.services.lambda.runtime.RequestHandler;
            import java.util.ArrayList;
            import java.util.List;
            import java.util.Map;
            /** Works on each SQS record; a body containing "poison" is a batch item failure. */
            public class Worker implements RequestHandler<Map<String, Object>, Map<String, Object>> {
                @SuppressWarnings("unchecked")
                public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
                    List<Map<String, Object>> failures = new ArrayList<>();
                    for (Map<String, Object> record : (List<Map<String, Object>>) event.get("Records")) {
                        String body = String.valueOf(record.get("body"));
                        if (body.contains("poison")) {
                            System.out.println("refused " + record.get("messageId") + ": poison");
                            failures.add(Map.of("itemIdentifier", record.get("messageId")));
                        } else {
                            System.out.println("worked on " + body);
                        }
                    }
                    return Map.of("batchItemFailures", failures);
                }
            }
            """;
    private static final String ECHO = """
            package fixture;
            import com.amazonaws.services.lambda.runtime.Context;
            import com.amazonaws.services.lambda.runtime.RequestHandler;
            import java.util.Map;
            /** Answers an EventBridge event with its detail. */
            public class Echo implements RequestHandler<Map<String, Object>, Map<String, Object>> {
                public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
                    System.out.println("echo " + event.get("detail"));
                    return Map.of("echoed", event.get("detail"));
                }
            }
            """;
    private static final String STACK = """
            {"Resources": {
              "Bus": {"Type": "AWS::Events::EventBus", "Properties": {"Name": "acme"}},
              "Dlq": {"Type": "AWS::SQS::Queue", "Properties": {"QueueName": "acme-jobs-dlq"}},
              "Jobs": {"Type": "AWS::SQS::Queue", "Properties": {"QueueName": "acme-jobs", "VisibilityTimeout": 5,
                "RedrivePolicy": {"deadLetterTargetArn": {"Fn::GetAtt": ["Dlq", "Arn"]}, "maxReceiveCount": 1}}},
              "Results": {"Type": "AWS::SQS::Queue", "Properties": {"QueueName": "acme-results"}},
              "JobsRule": {"Type": "AWS::Events::Rule", "Properties": {"EventBusName": {"Ref": "Bus"},
                "EventPattern": {"source": ["acme.jobs"], "detail-type": ["JobSubmitted"]},
                "Targets": [{"Id": "jobs", "Arn": {"Fn::GetAtt": ["Jobs", "Arn"]}}]}},
              "Worker": {"Type": "AWS::Lambda::Function",
                "Metadata": {"aws:asset:path": "asset.functions.zip"},
                "Properties": {"FunctionName": "acme-worker", "Runtime": "java21", "Handler": "fixture.Worker",
                  "Timeout": 5, "MemorySize": 256, "Code": {"S3Bucket": "cdk-assets", "S3Key": "functions.zip"}}},
              "WorkerMapping": {"Type": "AWS::Lambda::EventSourceMapping", "Properties": {
                "FunctionName": {"Ref": "Worker"}, "EventSourceArn": {"Fn::GetAtt": ["Jobs", "Arn"]}, "BatchSize": 10,
                "FunctionResponseTypes": ["ReportBatchItemFailures"]}},
              "Echo": {"Type": "AWS::Lambda::Function",
                "Metadata": {"aws:asset:path": "asset.functions.zip"},
                "Properties": {"FunctionName": "acme-echo", "Runtime": "java21", "Handler": "fixture.Echo",
                  "Timeout": 5, "MemorySize": 256, "Code": {"S3Bucket": "cdk-assets", "S3Key": "functions.zip"}}},
              "EchoResults": {"Type": "AWS::Lambda::EventInvokeConfig", "Properties": {
                "FunctionName": {"Ref": "Echo"}, "Qualifier": "$LATEST", "MaximumRetryAttempts": 0,
                "DestinationConfig": {"OnSuccess": {"Destination": {"Fn::GetAtt": ["Results", "Arn"]}}}}},
              "EchoRule": {"Type": "AWS::Events::Rule", "Properties": {"EventBusName": {"Ref": "Bus"},
                "EventPattern": {"source": ["acme.jobs"], "detail-type": ["Echo"]},
                "Targets": [{"Id": "echo", "Arn": {"Fn::GetAtt": ["Echo", "Arn"]}}]}}
            }}
            """;
    private static final String MANIFEST = """
            {"version": "36.0.0", "artifacts": {
              "AcmeJobs": {"type": "aws:cloudformation:stack", "environment": "aws://unknown-account/unknown-region",
                "properties": {"templateFile": "AcmeJobs.template.json"}}
            }}
            """;
    private static final String INBOX = """
            Resources:
              Inbox:
                Type: AWS::SQS::Queue
                Properties: {QueueName: plain-inbox}
            """;

    private static boolean written;

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        write();
    }

    static synchronized void write() throws IOException {
        if (written) {
            return;
        }
        Path project = Path.of(PROJECT).toAbsolutePath();
        Path assembly = project.resolve("assembly");
        Files.createDirectories(assembly);
        HandlerZip.of("fixture.Worker", WORKER).with("fixture.Echo", ECHO).writeTo(assembly.resolve("asset.functions.zip"));
        Files.writeString(assembly.resolve("AcmeJobs.template.json"), STACK);
        Files.writeString(assembly.resolve("manifest.json"), MANIFEST);
        Files.writeString(project.resolve("app.sh"), String.join("\n", List.of(
                "set -e",
                "cp assembly/* \"$CDK_OUTDIR\"/",
                "echo \"acme app: context $CDK_CONTEXT_JSON\"")) + "\n");
        Files.writeString(project.resolve("cdk.json"), """
                {"app": "sh app.sh", "build": "echo built >> build.log"}
                """);
        Files.writeString(Path.of(TEMPLATE), INBOX);
        written = true;
    }
}
