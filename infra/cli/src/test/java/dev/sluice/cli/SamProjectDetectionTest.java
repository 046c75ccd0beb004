package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A SAM project (template.yaml, samconfig.toml, no cdk.json) is found like a CDK project and runs locally. */
class SamProjectDetectionTest {

    private static final String TEMPLATE = """
            AWSTemplateFormatVersion: '2010-09-09'
            Transform: AWS::Serverless-2016-10-31
            Parameters:
              QueueName: {Type: String, Default: sam-default}
            Resources:
              Jobs:
                Type: AWS::SQS::Queue
                Properties: {QueueName: !Ref QueueName, SqsManagedSseEnabled: true}
              Worker:
                Type: AWS::Serverless::Function
                Properties:
                  CodeUri: worker/
                  Handler: app.handler
                  Runtime: python3.12
                  Events:
                    FromJobs: {Type: SQS, Properties: {Queue: !GetAtt Jobs.Arn}}
            Outputs:
              WorkerRole: {Value: !GetAtt WorkerRole.Arn}
            """;

    @TempDir
    Path dir;

    @Test
    void aFolderWithTemplateYamlIsASamProjectFoundFromBelow() throws Exception {
        Files.writeString(dir.resolve("template.yaml"), TEMPLATE);
        Path below = Files.createDirectories(dir.resolve("worker/src"));

        Project project = Project.find(below);

        assertThat(project.isSam()).isTrue();
        assertThat(project.root()).isEqualTo(dir.toAbsolutePath().normalize());
        assertThat(project.samTemplate()).isEqualTo(project.root().resolve("template.yaml"));
    }

    @Test
    void cdkJsonWinsInTheSameFolder() throws Exception {
        Files.writeString(dir.resolve("template.yaml"), TEMPLATE);
        Files.writeString(dir.resolve("cdk.json"), "{\"app\": \"true\"}");

        assertThat(Project.find(dir).isSam()).isFalse();
    }

    @Test
    void synthRefusesASamProjectAndSaysWhatToUse() throws Exception {
        Files.writeString(dir.resolve("template.yml"), TEMPLATE);

        CliRun run = CliRun.inProcess("synth", "--project", dir.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains(dir.toAbsolutePath().normalize() + " is a SAM project (template.yml, no"
                + " cdk.json): this command runs a CDK app; deploy a SAM project with sam deploy, or run it on this"
                + " machine with sluice local up");
    }

    @Test
    void localUpDeploysTheSamTemplateWithSamconfigAndListsWhatIsNotEmulated() throws Exception {
        Files.writeString(dir.resolve("template.yaml"), TEMPLATE);
        Files.writeString(dir.resolve("samconfig.toml"), """
                version = 0.1
                [default.deploy.parameters]
                stack_name = "jobs-app"
                parameter_overrides = "QueueName=\\"sam-jobs\\""
                """);

        CliRun run = CliRun.inProcess("local", "up", "--project", dir.toString(), "--port", "0", "--exit-when-ready");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("info: reading stack_name and parameter_overrides from "
                + dir.toAbsolutePath().normalize().resolve("samconfig.toml"));
        assertThat(run.outLines()).anyMatch(l -> l.startsWith("jobs-app") && l.contains("Jobs")
                && l.contains("created") && l.endsWith("/000000000000/sam-jobs; ignored locally: SqsManagedSseEnabled"));
        assertThat(run.outLines()).anyMatch(l -> l.contains("Worker ") && l.contains("skipped")
                && l.contains("runtime python3.12"));
        assertThat(run.outLines()).anyMatch(l -> l.contains("WorkerFromJobs") && l.contains("skipped")
                && l.contains("refers to Worker, which is skipped locally"));
        assertThat(run.out()).contains("output jobs-app.WorkerRole = arn:aws:iam::000000000000:role/WorkerRole");
    }
}
