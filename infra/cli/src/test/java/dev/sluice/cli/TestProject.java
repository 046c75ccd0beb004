package dev.sluice.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A CDK project for CLI tests that needs no CDK: its app is a shell script that writes a fixed cloud assembly
 * (two stacks: AcmeMessaging with a queue, its DLQ, a bus and a rule; AcmeWorkers with one queue, depending on it)
 * into $CDK_OUTDIR and keeps the context it was given ($CDK_CONTEXT_JSON) in target/context.json. Its build script
 * counts its runs in target/build.log (target/ is build output, not a source). The CLI treats it exactly like any other app.
 */
record TestProject(Path root) {

    static final String MESSAGING = """
            {"Resources": {
              "Dlq": {"Type": "AWS::SQS::Queue", "Properties": {"QueueName": "acme-jobs-dlq"}},
              "Jobs": {"Type": "AWS::SQS::Queue", "Properties": {"QueueName": "acme-jobs",
                "RedrivePolicy": {"deadLetterTargetArn": {"Fn::GetAtt": ["Dlq", "Arn"]}, "maxReceiveCount": 3}}},
              "Bus": {"Type": "AWS::Events::EventBus", "Properties": {"Name": "acme"}},
              "Rule": {"Type": "AWS::Events::Rule", "Properties": {"EventBusName": {"Ref": "Bus"},
                "EventPattern": {"source": ["acme.jobs"]}, "Targets": [{"Id": "q", "Arn": {"Fn::GetAtt": ["Jobs", "Arn"]}}]}},
              "Role": {"Type": "AWS::IAM::Role", "Properties": {}}
            },
            "Outputs": {"JobsUrl": {"Value": {"Ref": "Jobs"}}}}
            """;
    static final String WORKERS = """
            {"Resources": {"Results": {"Type": "AWS::SQS::Queue", "Properties": {"QueueName": "acme-results"}}}}
            """;
    static final String MANIFEST = """
            {"version": "36.0.0", "artifacts": {
              "AcmeWorkers": {"type": "aws:cloudformation:stack", "environment": "aws://unknown-account/unknown-region",
                "properties": {"templateFile": "AcmeWorkers.template.json"}, "dependencies": ["AcmeMessaging"]},
              "AcmeMessaging": {"type": "aws:cloudformation:stack", "environment": "aws://unknown-account/unknown-region",
                "properties": {"templateFile": "AcmeMessaging.template.json", "stackName": "dev-AcmeMessaging"}}
            }}
            """;

    /** A project in {@code dir} whose cdk.json has {@code sluiceSettings} (a JSON object) under "sluice". */
    static TestProject create(Path dir, String sluiceSettings) throws IOException {
        Files.createDirectories(dir.resolve("assembly"));
        write(dir.resolve("assembly/manifest.json"), MANIFEST);
        write(dir.resolve("assembly/AcmeMessaging.template.json"), MESSAGING);
        write(dir.resolve("assembly/AcmeWorkers.template.json"), WORKERS);
        write(dir.resolve("app.sh"), String.join("\n", List.of(
                "set -e",
                "cp assembly/* \"$CDK_OUTDIR\"/",
                "mkdir -p target && printf '%s' \"$CDK_CONTEXT_JSON\" > target/context.json",
                "echo 'app ran'")) + "\n");
        write(dir.resolve("build.sh"), "mkdir -p target && echo built >> target/build.log\n");
        write(dir.resolve("cdk.json"), """
                {"app": "sh app.sh", "build": "sh build.sh", "context": {"team": "acme"}, "sluice": %s}
                """.formatted(sluiceSettings));
        return new TestProject(dir);
    }

    static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    /** How often the build script ran. */
    long builds() throws IOException {
        Path log = root.resolve("target/build.log");
        return Files.isRegularFile(log) ? Files.readAllLines(log).size() : 0;
    }

    String contextGiven() throws IOException {
        return Files.readString(root.resolve("target/context.json"));
    }
}
