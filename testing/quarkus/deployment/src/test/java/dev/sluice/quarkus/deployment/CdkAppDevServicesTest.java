package dev.sluice.quarkus.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.test.QuarkusUnitTest;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The default: the project's CDK app, found by its cdk.json, synthesized as {@code sluice synth} does it and deployed.
 * The project here is a fixture whose app is a shell script writing a ready cloud assembly (no CDK needed).
 */
class CdkAppDevServicesTest {

    static final Path PROJECT = Path.of("target/devservices-fixture").toAbsolutePath();

    static {
        writeProject();
    }

    @RegisterExtension
    static final QuarkusUnitTest APP = TestApps.withConfig(
            "quarkus.sluice.devservices.project", "target/devservices-fixture/src");

    @Inject
    SqsClient sqs;

    @Test
    void theProjectsStacksAreDeployed() {
        assertThat(sqs.listQueues().queueUrls()).anyMatch(url -> url.endsWith("/000000000000/fixture-jobs"))
                .anyMatch(url -> url.endsWith("/000000000000/fixture-jobs-dlq"));
        assertThat(PROJECT.resolve("cdk.out/manifest.json")).as("synthesized into the project's cdk.out")
                .isRegularFile();
    }

    /** cdk.json at the root, a source folder below it (the configured project folder: found upwards). */
    private static void writeProject() {
        try {
            Files.createDirectories(PROJECT.resolve("assembly"));
            Files.createDirectories(PROJECT.resolve("src"));
            Files.writeString(PROJECT.resolve("assembly/manifest.json"), """
                    {"version": "36.0.0", "artifacts": {"FixtureJobs": {"type": "aws:cloudformation:stack",
                      "environment": "aws://unknown-account/unknown-region",
                      "properties": {"templateFile": "FixtureJobs.template.json"}}}}
                    """);
            Files.writeString(PROJECT.resolve("assembly/FixtureJobs.template.json"), """
                    {"Resources": {
                      "Dlq": {"Type": "AWS::SQS::Queue", "Properties": {"QueueName": "fixture-jobs-dlq"}},
                      "Jobs": {"Type": "AWS::SQS::Queue", "Properties": {"QueueName": "fixture-jobs",
                        "RedrivePolicy": {"deadLetterTargetArn": {"Fn::GetAtt": ["Dlq", "Arn"]}, "maxReceiveCount": 3}}}
                    }}
                    """);
            Files.writeString(PROJECT.resolve("cdk.json"), """
                    {"app": "cp assembly/* \\"$CDK_OUTDIR\\"/"}
                    """);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
