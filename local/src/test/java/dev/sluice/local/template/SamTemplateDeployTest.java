package dev.sluice.local.template;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.local.CloudUnderTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A SAM template using what the transform supports (Globals, AutoPublishAlias, EventInvokeConfig with a destination
 * SAM creates, SQS, EventBridgeRule and Schedule events) next to what the local cloud does not emulate (an Api
 * event and SAM's implicit API, an S3 bucket and a KMS key, a Python function): the emulated paths run, the rest is
 * listed as skipped with the reason, references to skipped resources are left out with a line naming them, and
 * properties set but not emulated are listed per resource.
 */
class SamTemplateDeployTest {

    private static final String TEMPLATE = """
            AWSTemplateFormatVersion: '2010-09-09'
            Transform: AWS::Serverless-2016-10-31
            Parameters:
              OutDir: {Type: String}
              Stage: {Type: String, Default: live}
            Globals:
              Function:
                Runtime: java21
                Timeout: 10
                MemorySize: 256
                Tracing: Active
                Environment:
                  Variables:
                    OUT_DIR: !Ref OutDir
            Resources:
              Key:
                Type: AWS::KMS::Key
              Orders:
                Type: AWS::SQS::Queue
                Properties: {QueueName: sam-orders, VisibilityTimeout: 60, KmsMasterKeyId: !Ref Key}
              Bus:
                Type: AWS::Events::EventBus
                Properties: {Name: sam-bus}
              Uploads:
                Type: AWS::S3::Bucket
              Recorder:
                Type: AWS::Serverless::Function
                Properties:
                  CodeUri: build/recorder.zip
                  Handler: %s
                  AutoPublishAlias: !Ref Stage
                  Environment:
                    Variables:
                      BUCKET: !Ref Uploads
                  Policies:
                    - SQSPollerPolicy: {QueueName: !GetAtt Orders.QueueName}
                    - S3ReadPolicy: {BucketName: !Ref Uploads}
                  EventInvokeConfig:
                    MaximumRetryAttempts: 0
                    DestinationConfig:
                      OnFailure: {Type: SQS}
                  Events:
                    FromQueue:
                      Type: SQS
                      Properties:
                        Queue: !GetAtt Orders.Arn
                        BatchSize: 5
                        FunctionResponseTypes: [ReportBatchItemFailures]
                        FilterCriteria: {Filters: [{Pattern: '{"body": {"kind": ["order"]}}'}]}
                    FromBus:
                      Type: EventBridgeRule
                      Properties:
                        EventBusName: !Ref Bus
                        Pattern: {source: [shop], detail-type: [OrderPlaced]}
                    Nightly:
                      Type: Schedule
                      Properties: {Schedule: rate(1 day)}
                    Http:
                      Type: Api
                      Properties: {Path: /orders, Method: post}
              Notifier:
                Type: AWS::Serverless::Function
                Properties:
                  Runtime: python3.12
                  Handler: app.handler
                  CodeUri: notifier/
                  Events:
                    FromQueue: {Type: SQS, Properties: {Queue: !GetAtt Orders.Arn}}
            Outputs:
              RoleArn: {Value: !GetAtt RecorderRole.Arn}
              AliasArn: {Value: !Ref Recorder.Alias}
              FailureQueue: {Value: !Ref Recorder.DestinationQueue}
              Api: {Value: !Sub 'https://${ServerlessRestApi}.execute-api.${AWS::Region}.amazonaws.com/Prod/'}
            """.formatted(RecordingHandler.HANDLER);

    @TempDir
    Path dir;

    @Test
    void samTemplateDeploysWhatTheLocalCloudEmulatesAndListsTheRest() throws Exception {
        RecordingHandler.writeZip(dir.resolve("build/recorder.zip"));
        Path template = Files.writeString(dir.resolve("template.yaml"), TEMPLATE);
        Path out = Files.createDirectories(dir.resolve("out"));
        List<String> lines = new ArrayList<>();

        try (CloudUnderTest local = CloudUnderTest.start(dir.resolve("cloud"), b -> b)) {
            DeployResult result = local.deployer(lines::add).deploy(template, "shop",
                    Map.of("OutDir", out.toString()));

            DeployedResource function = result.resource("Recorder");
            assertThat(function.status()).isEqualTo(ResourceStatus.CREATED);
            assertThat(function.ignored()).containsExactly("TracingConfig");
            assertThat(result.resource("RecorderRole").status()).isEqualTo(ResourceStatus.NOT_ENFORCED);
            assertThat(result.resource("RecorderAliaslive").detail()).startsWith("alias live stands for $LATEST");
            assertThat(result.resources()).anyMatch(r -> r.logicalId().startsWith("RecorderVersion")
                    && r.type().equals("AWS::Lambda::Version") && r.status() == ResourceStatus.NOT_ENFORCED);
            assertThat(result.resource("RecorderEventInvokeConfig").detail())
                    .isEqualTo("qualifier live stands for $LATEST locally");
            assertThat(result.resource("RecorderEventInvokeConfigOnFailureQueue").status())
                    .isEqualTo(ResourceStatus.CREATED);
            assertThat(result.resource("RecorderFromQueue").status()).isEqualTo(ResourceStatus.CREATED);
            assertThat(result.resource("RecorderFromQueue").ignored()).containsExactly("FilterCriteria");
            assertThat(result.resource("RecorderFromBus").status()).isEqualTo(ResourceStatus.CREATED);
            assertThat(result.resource("Orders").ignored()).containsExactly("KmsMasterKeyId");

            DeployedResource nightly = result.resource("RecorderNightly");
            assertThat(nightly.status()).isEqualTo(ResourceStatus.CREATED);
            assertThat(local.events().describeRule(b -> b.name(nightly.physicalId())).scheduleExpression())
                    .isEqualTo("rate(1 day)");
            assertThat(result.resource("RecorderNightlyPermission").status()).isEqualTo(ResourceStatus.CREATED);
            assertThat(result.resource("RecorderHttpPermissionProd").detail())
                    .isEqualTo("API Gateway is not emulated (Api event Http of Recorder)");
            assertThat(result.resource("ServerlessRestApi").type()).isEqualTo("AWS::Serverless::Api");
            assertThat(result.resource("ServerlessRestApi").status()).isEqualTo(ResourceStatus.SKIPPED);
            assertThat(result.resource("Uploads").status()).isEqualTo(ResourceStatus.SKIPPED);
            assertThat(result.resource("Notifier").detail()).contains("runtime python3.12");
            assertThat(result.resource("NotifierFromQueue").detail())
                    .startsWith("refers to Notifier, which is skipped locally (runtime python3.12");

            assertThat(result.outputs()).containsOnlyKeys("RoleArn", "AliasArn", "FailureQueue");
            assertThat(result.outputs().get("AliasArn")).endsWith(":function:" + function.physicalId() + ":live");
            assertThat(result.outputs().get("FailureQueue")).contains("RecorderEventInvokeConfigOnFailureQueue");
            assertThat(lines).contains("warning: stack shop: Outputs.Api refers to ServerlessRestApi, which is skipped"
                    + " locally (API Gateway is not emulated (the implicit API of the template's Api events)):"
                    + " output left out");
            assertThat(lines).anyMatch(l -> l.startsWith("warning: stack shop: Recorder.Environment.Variables.BUCKET"
                    + " refers to Uploads, which is skipped locally") && l.endsWith(": left out"));
            assertThat(local.lambda().getFunction(b -> b.functionName(function.physicalId())).configuration()
                    .environment().variables()).containsOnlyKeys("OUT_DIR");

            String queueUrl = local.sqs().getQueueUrl(b -> b.queueName("sam-orders")).queueUrl();
            local.sqs().sendMessage(b -> b.queueUrl(queueUrl).messageBody("{\"kind\": \"order\", \"id\": 1}"));
            local.events().putEvents(b -> b.entries(e -> e.eventBusName("sam-bus").source("shop")
                    .detailType("OrderPlaced").detail("{\"id\": 2}")));

            assertThat(RecordingHandler.awaitRecords(out, 2))
                    .containsExactlyInAnyOrder("{\"kind\": \"order\", \"id\": 1}", "OrderPlaced");
        }
    }
}
