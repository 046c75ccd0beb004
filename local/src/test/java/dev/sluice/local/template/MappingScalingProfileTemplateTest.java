package dev.sluice.local.template;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.local.LocalCloud;
import dev.sluice.local.core.LocalClients;
import dev.sluice.local.scaling.Autoscaler;
import dev.sluice.local.scaling.ScaledMapping;
import dev.sluice.local.scaling.ScalingDecision;
import dev.sluice.local.scaling.ScalingDecision.Reason;
import dev.sluice.local.scaling.ScalingProfile;
import dev.sluice.testing.Await;
import dev.sluice.testing.TestFunctions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * A mapping's {@code sluice:scaling} metadata chooses its profile: {@code profile: aws} with ProvisionedPollerConfig
 * runs Lambda's provisioned mode (at most {@code awsLocalCap} environments of it); a run's
 * {@code --scaling-profile FUNCTION:...} wins over the metadata, which wins over the run's profile; a bad value is the
 * mapping's settings error, naming the key and the allowed values.
 */
class MappingScalingProfileTemplateTest {

    /** One function, two mappings: one in provisioned mode with the aws profile, one with a profile that is none. */
    private static final String TEMPLATE = """
            Resources:
              Input: {Type: AWS::SQS::Queue, Properties: {QueueName: profile-input, VisibilityTimeout: 60}}
              Other: {Type: AWS::SQS::Queue, Properties: {QueueName: profile-other, VisibilityTimeout: 60}}
              Fn:
                Type: AWS::Lambda::Function
                Metadata: {aws:asset:path: fn.zip}
                Properties: {FunctionName: profile-fn, Runtime: java21, Handler: %s, Timeout: 10,
                             Role: arn:aws:iam::000000000000:role/test, Code: {S3Bucket: bucket, S3Key: fn.zip},
                             Environment: {Variables: {WORK_MILLIS: "2000"}}}
              Mapping:
                Type: AWS::Lambda::EventSourceMapping
                Metadata: {sluice:scaling: {profile: aws, awsLocalCap: 1}}
                Properties:
                  FunctionName: !Ref Fn
                  EventSourceArn: !GetAtt Input.Arn
                  ProvisionedPollerConfig: {MinimumPollers: 2, MaximumPollers: 20}
              BadMapping:
                Type: AWS::Lambda::EventSourceMapping
                Metadata: {sluice:scaling: {profile: gcp}}
                Properties: {FunctionName: !Ref Fn, EventSourceArn: !GetAtt Other.Arn}
            """;

    @TempDir
    Path dir;

    @Test
    void theMetadataProfileRunsProvisionedModeAndTheFunctionsFlagWins() throws Exception {
        Path template = Files.writeString(dir.resolve("profile.yaml"), TEMPLATE.formatted(TestFunctions.SLEEP));
        Files.write(dir.resolve("fn.zip"), TestFunctions.ZIP.bytes()); // the asset the template names
        try (LocalCloud cloud = LocalCloud.builder().port(0).workDir(dir.resolve("cloud")).build().start();
             TemplateDeployer deployer = new TemplateDeployer(cloud.endpoint(), "us-east-1", line -> { });
             SqsClient sqs = LocalClients.create(SqsClient.builder(), cloud.sqs().directEndpoint(), "us-east-1")) {
            DeployResult result = deployer.deploy(template, "profile", Map.of());
            Autoscaler autoscaler = cloud.autoscaler();
            assertThat(autoscaler.configure(result)).isEqualTo(2);
            String uuid = result.resource("Mapping").physicalId();
            String badUuid = result.resource("BadMapping").physicalId();
            String queueUrl = sqs.getQueueUrl(b -> b.queueName("profile-input")).queueUrl();
            sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody("one"));

            // The run's profile is local (the default); the metadata says aws: provisioned mode starts
            // MinimumPollers x 10 concurrent batches, of which awsLocalCap run here (the batch takes 2 s, so this
            // stays the last change while the test looks).
            ScalingDecision started = decision(autoscaler, uuid, d -> d.reason() == Reason.AWS_START);
            assertThat(started.desired()).isEqualTo(20);
            assertThat(started.next()).isEqualTo(1);
            assertThat(started.explanation()).contains("provisioned: 2 event pollers of 2-20");
            assertThat(autoscaler.mapping(uuid).orElseThrow().profile()).isEqualTo(ScalingProfile.AWS);

            ScaledMapping bad = autoscaler.mapping(badUuid).orElseThrow();
            assertThat(bad.settingsError()).hasValueSatisfying(error -> assertThat(error)
                    .contains("profile must be one of local, aws (given 'gcp')"));
            assertThat(bad.profile()).isEqualTo(ScalingProfile.LOCAL);

            // --scaling-profile profile-fn:local wins over the metadata.
            autoscaler.profile("profile-fn", ScalingProfile.LOCAL);
            Await.until("the function's profile to win", Duration.ofSeconds(10),
                    () -> autoscaler.mapping(uuid).orElseThrow().profile() == ScalingProfile.LOCAL);
        }
    }

    /** Waits for a decision of the mapping that {@code matches}. */
    private static ScalingDecision decision(Autoscaler autoscaler, String uuid, Predicate<ScalingDecision> matches)
            throws InterruptedException {
        ScalingDecision[] found = new ScalingDecision[1];
        Await.until("a decision of mapping " + uuid, Duration.ofSeconds(20), () -> {
            found[0] = autoscaler.mapping(uuid).flatMap(ScaledMapping::lastChange).filter(matches).orElse(null);
            return found[0] != null;
        });
        return found[0];
    }
}
