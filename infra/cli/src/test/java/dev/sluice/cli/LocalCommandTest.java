package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalCommandTest {

    @TempDir
    Path dir;

    @Test
    void upHelpShowsTheOptions() {
        CliRun run = CliRun.inProcess("local", "up", "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("Start the local cloud", "--port", "--template", "--cdk-out", "--no-deploy",
                "--demo", "--rate", "--region", "--project", "--context", "--no-build", "--watch");
        assertThat(run.out().replaceAll("\\s+", " ")).contains("Keys: targetBacklogPerEnvironment, minimum, maximum,");
    }

    @Test
    void rateOutOfRangeIsAUsageError() {
        assertThat(CliRun.usageError("local", "up", "--demo", "--rate", "0"))
                .contains("--rate", "between 1 and 1000", "given 0");
    }

    @Test
    void unknownScalingProfileIsAUsageError() {
        assertThat(CliRun.usageError("local", "up", "--scaling-profile", "myFunction:gcp"))
                .contains("--scaling-profile myFunction:gcp",
                "scaling profile must be one of local, aws", "given 'gcp'");
    }

    @Test
    void awsLocalCapOutOfRangeIsAUsageError() {
        assertThat(CliRun.usageError("local", "up", "--scaling-profile", "aws", "--aws-local-cap", "0"))
                .contains("--aws-local-cap", "between 1 and 1000", "given 0");
    }

    @Test
    void templateAndCdkOutExcludeEachOther() throws Exception {
        Path template = Files.writeString(dir.resolve("t.yaml"), "Resources: {}\n");

        assertThat(CliRun.usageError("local", "up", "--template", template.toString(), "--cdk-out", dir.toString()))
                .contains("--template", "--cdk-out");
    }

    @Test
    void missingTemplateFileIsNamed() {
        assertThat(CliRun.usageError("local", "up", "--template", dir.resolve("nope.yaml").toString()))
                .contains("nope.yaml", "no such file");
    }

    @Test
    void upDeploysATemplateAndPrintsWhatItCreated() throws Exception {
        Path template = Files.writeString(dir.resolve("orders.yaml"), """
                Resources:
                  Dlq: {Type: AWS::SQS::Queue, Properties: {QueueName: up-test-dlq}}
                  Queue:
                    Type: AWS::SQS::Queue
                    Properties:
                      QueueName: up-test
                      RedrivePolicy: {deadLetterTargetArn: !GetAtt Dlq.Arn, maxReceiveCount: 3}
                  Bus: {Type: AWS::Events::EventBus, Properties: {Name: orders}}
                  Rule:
                    Type: AWS::Events::Rule
                    Properties:
                      EventBusName: !Ref Bus
                      EventPattern: {source: [shop.orders]}
                      Targets: [{Id: q, Arn: !GetAtt Queue.Arn}]
                  Role: {Type: AWS::IAM::Role}
                Outputs:
                  Url: {Value: !Ref Queue}
                """);
        CliRun run = CliRun.inProcess("local", "up", "--port", "0", "--template", template.toString(),
                "--exit-when-ready");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("Local cloud at http://127.0.0.1:", "ready in ");
        assertThat(run.outLines()).anyMatch(l -> l.contains("Queue") && l.contains("AWS::SQS::Queue")
                && l.contains("created") && l.contains("/000000000000/up-test"));
        assertThat(run.outLines()).anyMatch(l -> l.contains("Role") && l.contains("not enforced"));
        assertThat(run.out()).contains("output orders.Url = http://127.0.0.1:");
        assertThat(Path.of(".sluice/local")).isDirectory();
    }

    /** A function's row names the JDK it runs on: java17 and java25 each on their own here (the build installs both). */
    @Test
    void theTableSaysWhichJavaRunsEachFunction() throws Exception {
        Path zip = dev.sluice.testing.TestFunctions.ZIP.writeTo(dir.resolve("echo.zip"));
        Path template = Files.writeString(dir.resolve("functions.yaml"), """
                Resources:
                  Old:
                    Type: AWS::Lambda::Function
                    Properties: {FunctionName: echo-17, Runtime: java17, Handler: %1$s, Role: r,
                                 Code: {S3Bucket: hot-reload, S3Key: %2$s}}
                  New:
                    Type: AWS::Lambda::Function
                    Properties: {FunctionName: echo-25, Runtime: java25, Handler: %1$s, Role: r,
                                 Code: {S3Bucket: hot-reload, S3Key: %2$s}}
                """.formatted(dev.sluice.testing.TestFunctions.ECHO, zip));
        CliRun run = CliRun.inProcess("local", "up", "--port", "0", "--template", template.toString(),
                "--exit-when-ready");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.outLines()).anyMatch(l -> l.contains("AWS::Lambda::Function") && l.contains("echo-17; Java 17."));
        assertThat(run.outLines()).anyMatch(l -> l.contains("AWS::Lambda::Function") && l.contains("echo-25; Java 25."));
    }

    /** The start-up line says when a mapping's own sluice:scaling metadata puts it on the aws profile. */
    @Test
    void theAutoscalerLineNamesMappingsOnTheAwsProfileByTheirMetadata() throws Exception {
        Path zip = dev.sluice.testing.TestFunctions.ZIP.writeTo(dir.resolve("echo.zip"));
        Path template = Files.writeString(dir.resolve("scaled.yaml"), """
                Resources:
                  Inbox: {Type: AWS::SQS::Queue, Properties: {QueueName: scaled-inbox}}
                  Worker:
                    Type: AWS::Lambda::Function
                    Properties: {FunctionName: scaled-worker, Runtime: java17, Handler: %1$s, Role: r,
                                 Code: {S3Bucket: hot-reload, S3Key: %2$s}}
                  Mapping:
                    Type: AWS::Lambda::EventSourceMapping
                    Metadata: {"sluice:scaling": {profile: aws}}
                    Properties: {FunctionName: !Ref Worker, EventSourceArn: !GetAtt Inbox.Arn}
                """.formatted(dev.sluice.testing.TestFunctions.ECHO, zip));

        CliRun run = CliRun.inProcess("local", "up", "--port", "0", "--template", template.toString(),
                "--exit-when-ready");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.outLines()).anyMatch(l -> l.startsWith("Autoscaler (local profile; aws for 1 mapping(s) by"
                + " their sluice:scaling metadata)"));
    }

    /** Without options: build and synthesize the project, deploy its stacks in dependency order, print the table. */
    @Test
    void upSynthesizesAndDeploysTheProject() throws Exception {
        TestProject project = TestProject.create(dir.resolve("acme"), "{}");

        CliRun run = CliRun.inProcess("local", "up", "--project", project.root().toString(), "--port", "0",
                "--exit-when-ready");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).contains("sluice: building " + project.root(), "sluice: synthesizing " + project.root());
        assertThat(run.out()).contains("Local cloud at http://127.0.0.1:", "ready in ", "stopping (--exit-when-ready)");
        assertThat(run.outLines()).anyMatch(l -> l.startsWith("dev-AcmeMessaging") && l.contains("AWS::SQS::Queue")
                && l.contains("created") && l.endsWith("/000000000000/acme-jobs"));
        assertThat(run.outLines()).anyMatch(l -> l.startsWith("AcmeWorkers") && l.contains("acme-results"));
        assertThat(run.outLines()).anyMatch(l -> l.contains("AWS::Events::Rule") && l.contains("created"));
        assertThat(run.outLines()).anyMatch(l -> l.contains("AWS::IAM::Role") && l.contains("not enforced"));
        assertThat(run.out()).contains("output dev-AcmeMessaging.JobsUrl = http://127.0.0.1:");
        assertThat(project.root().resolve(".sluice/local")).isDirectory();
    }

    /**
     * cdk.json's "persist" keeps the state under the project's .sluice/local/state; a redeploy on top of it keeps the
     * queue's messages; --no-persist and --fresh override it.
     */
    @Test
    void persistKeepsMessagesAcrossRunsAndRedeploys() throws Exception {
        TestProject project = TestProject.create(dir.resolve("acme"), "{\"persist\": true}");
        Path state = project.root().resolve(".sluice/local/state");

        CliRun first = CliRun.inProcess("local", "up", "--project", project.root().toString(), "--port", "0",
                "--exit-when-ready");
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).contains("State kept in " + state + " (--fresh starts empty)", "stopped: ");
        assertThat(state.resolve("sluice.mv.db")).isRegularFile();
        sendAndCount(state, "kept");

        CliRun redeployed = CliRun.inProcess("local", "up", "--project", project.root().toString(), "--port", "0",
                "--no-build", "--exit-when-ready");
        assertThat(redeployed.exitCode()).as(redeployed.err()).isZero();
        assertThat(redeployed.outLines()).anyMatch(l -> l.contains("acme-jobs") && l.contains("updated"));
        assertThat(sendAndCount(state, null)).isEqualTo(1);

        CliRun memory = CliRun.inProcess("local", "up", "--project", project.root().toString(), "--port", "0",
                "--no-build", "--no-persist", "--exit-when-ready");
        assertThat(memory.exitCode()).as(memory.err()).isZero();
        assertThat(memory.out()).doesNotContain("State kept in");
        assertThat(sendAndCount(state, null)).isEqualTo(1);

        CliRun fresh = CliRun.inProcess("local", "up", "--project", project.root().toString(), "--port", "0",
                "--no-build", "--fresh", "--exit-when-ready");
        assertThat(fresh.exitCode()).as(fresh.err()).isZero();
        assertThat(fresh.out()).contains("(started fresh)");
        assertThat(sendAndCount(state, null)).isZero();
    }

    @Test
    void freshWithoutPersistIsAUsageError() {
        assertThat(CliRun.usageError("local", "up", "--no-deploy", "--no-persist", "--fresh", "--port", "0"))
                .contains("--fresh needs --persist");
    }

    /** Sends {@code body} (when given) to acme-jobs in a cloud on {@code state}; returns the messages there. */
    private int sendAndCount(Path state, String body) {
        try (dev.sluice.local.LocalCloud cloud = dev.sluice.local.LocalCloud.builder().port(0)
                .workDir(dir.resolve("probe")).persist(state).autoscaling(false).build().start();
             var sqs = dev.sluice.local.core.LocalClients.create(software.amazon.awssdk.services.sqs.SqsClient.builder(),
                     cloud.endpoint(), "us-east-1")) {
            String url = sqs.getQueueUrl(b -> b.queueName("acme-jobs")).queueUrl();
            if (body != null) {
                sqs.sendMessage(b -> b.queueUrl(url).messageBody(body));
            }
            return Integer.parseInt(sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNamesWithStrings(
                    "ApproximateNumberOfMessages")).attributesAsStrings().get("ApproximateNumberOfMessages"));
        }
    }

    @Test
    void demoWithoutDemoTrafficSaysWhatToAdd() throws Exception {
        TestProject project = TestProject.create(dir.resolve("acme"), "{}");

        CliRun run = CliRun.inProcess("local", "up", "--project", project.root().toString(), "--demo");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.errLines()).hasSize(1);
        assertThat(run.errLines().get(0)).startsWith("sluice: --demo: " + project.root().resolve("cdk.json")
                + " names no demo traffic: add \"sluice\": {\"demo\": {\"events\": \"FILE\"}}");
    }

    @Test
    void demoTrafficWithABadWeightNamesTheEntry() throws Exception {
        TestProject project = TestProject.create(dir.resolve("acme"), "{\"demo\": {\"events\": \"demo.json\"}}");
        TestProject.write(project.root().resolve("demo.json"), """
                [{"Source": "acme.jobs", "DetailType": "Job", "Detail": {}},
                 {"Source": "acme.jobs", "DetailType": "Job", "Detail": {}, "Weight": 0}]
                """);

        CliRun run = CliRun.inProcess("local", "up", "--project", project.root().toString(), "--demo");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.errLines().get(0)).isEqualTo("sluice: --demo: " + project.root().resolve("demo.json")
                + ": entry 2: Weight must be a whole number between 1 and 1000 (given 0)");
    }

    @Test
    void aMalformedAllowedOriginIsAUsageError() {
        assertThat(CliRun.usageError("local", "up", "--allowed-origin", "localhost:3000"))
                .startsWith("sluice: --allowed-origin: ").contains("localhost:3000");
    }

    @Test
    void concurrentInitsMustBeAtLeastOne() {
        assertThat(CliRun.usageError("local", "up", "--concurrent-inits", "0"))
                .isEqualTo("sluice: --concurrent-inits must be at least 1 (given 0)");
    }

    @Test
    void rateNeedsDemo() {
        assertThat(CliRun.usageError("local", "up", "--rate", "5")).isEqualTo("sluice: --rate needs --demo");
    }

    @Test
    void trafficFollowsTheWeightsAndNumbersEachEvent() throws Exception {
        List<EventEntries.Weighted> entries = EventEntries.parseWeighted("""
                [{"Source": "a", "DetailType": "A", "Detail": {"id": "a-${seq}"}, "Weight": 3},
                 {"Source": "b", "DetailType": "B", "Detail": {"id": "${uuid}"}}]
                """, "traffic.json", new EventEntries.Defaults("acme", null, null));
        EventTraffic traffic = new EventTraffic(entries, 10);

        List<PutEventsRequestEntry> first8 = java.util.stream.LongStream.range(0, 8).mapToObj(traffic::entry).toList();

        assertThat(first8).extracting(PutEventsRequestEntry::source).containsExactly("a", "a", "a", "b", "a", "a", "a", "b");
        assertThat(first8.get(5).detail()).isEqualTo("{\"id\":\"a-5\"}");
        assertThat(first8.get(3).detail()).matches("\\{\"id\":\"[0-9a-f-]{36}\"}");
        assertThat(first8.get(3).detail()).isNotEqualTo(first8.get(7).detail());
        assertThat(first8).extracting(PutEventsRequestEntry::eventBusName).containsOnly("acme");
    }
}
