package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.local.LocalCloud;
import dev.sluice.local.core.LocalClients;
import dev.sluice.local.lambda.eventsource.EventSourceMapping;
import dev.sluice.local.lambda.runtime.FunctionStats;
import dev.sluice.local.template.DeployResult;
import dev.sluice.local.template.DeployedResource;
import dev.sluice.local.template.TemplateDeployer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The real thing: a project made by {@code sluice new}, with names nobody tuned the template for, builds and passes
 * its own tests with its own Maven wrapper (no Docker: DOCKER_HOST points nowhere), its integration test on Sluice's
 * Dev Services included, synthesizes through the CLI, and runs in the local cloud. Sluice's artifacts come from this
 * reactor ({@link ReactorRepository}), not from an install. One project for the whole class: its build takes a
 * minute or two.
 */
class NewProjectBuildTest {

    private static final String NAME = "zeta-billing";
    private static final String PACKAGE = "org.zeta.billing";
    private static final String PROCESS_TASK = NAME + "-process-task";
    private static final String ESCALATE_TASK = NAME + "-escalate-task";
    private static final Duration BUILD_LIMIT = Duration.ofMinutes(15);
    private static final Duration PROCESSING_LIMIT = Duration.ofSeconds(90);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    private static Path project;
    private static int buildExit;
    private static String buildLog;
    private static CliRun synth;

    @BeforeAll
    static void createAndBuild() throws Exception {
        project = dir.resolve(NAME);
        CliRun created = CliRun.inProcess("new", project.toString(), "--package", PACKAGE);
        assertThat(created.exitCode()).as(created.err()).isZero();

        Path repository = ReactorRepository.create(dir.resolve("m2"), SluiceHome.locate().root(), SluiceVersion.DEVELOPMENT);
        Path log = dir.resolve("build.log");
        long started = System.nanoTime();
        ProcessBuilder builder = new ProcessBuilder("./mvnw", "-B", "-ntp", "verify", "-Dmaven.repo.local=" + repository)
                .directory(project.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("DOCKER_HOST", "unix:///nonexistent"); // no container runtime: the local cloud only
        Process build = builder.start();
        if (!build.waitFor(BUILD_LIMIT.toMinutes(), TimeUnit.MINUTES)) {
            build.descendants().forEach(ProcessHandle::destroyForcibly);
            build.destroyForcibly();
        }
        buildExit = build.isAlive() ? -1 : build.exitValue();
        buildLog = Files.readString(log, StandardCharsets.UTF_8);
        System.out.printf("new project %s: ./mvnw verify exited %d after %.0f s%n", NAME, buildExit,
                (System.nanoTime() - started) / 1e9);
    }

    @Test
    void itsOwnBuildPassesWithoutDocker() {
        assertThat(buildExit).as("./mvnw verify in the new project; its output ends:%n%s", tail(buildLog, 80)).isZero();
        assertThat(buildLog).contains("Tests run: 4, Failures: 0, Errors: 0, Skipped: 0, Time elapsed",
                "in org.zeta.billing.functions.ProcessTaskFunctionTest");
        assertThat(buildLog).contains("in org.zeta.billing.functions.EscalateTaskFunctionTest");
        assertThat(buildLog).as("the Dev-Services-backed integration test ran, after package")
                .contains("Tests run: 1, Failures: 0, Errors: 0, Skipped: 0, Time elapsed",
                        "in org.zeta.billing.functions.TaskPipelineIT")
                .contains("Sluice Dev Services: local cloud at http://127.0.0.1:");
        assertThat(buildLog).contains("Tests run: 7, Failures: 0, Errors: 0, Skipped: 0, Time elapsed",
                "in org.zeta.billing.infra.ZetaBillingAppTest");
        assertThat(project.resolve("functions/target/function.zip")).isRegularFile();
        assertThat(project.resolve("infra/target/classpath.txt")).isRegularFile();
    }

    @Test
    void synthWritesTheMessagingAndTheFunctionsStack() throws Exception {
        CliRun run = synthesized();

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.outLines()).anyMatch(l -> l.strip().startsWith("ZetaBillingMessaging "))
                .anyMatch(l -> l.strip().startsWith("ZetaBillingFunctions "));
        JsonNode messaging = JSON.readTree(project.resolve("cdk.out/ZetaBillingMessaging.template.json").toFile());
        assertThat(types(messaging)).contains("AWS::Events::EventBus", "AWS::SQS::Queue", "AWS::Events::Rule")
                .doesNotContain("AWS::Lambda::Function");
        JsonNode functions = JSON.readTree(project.resolve("cdk.out/ZetaBillingFunctions.template.json").toFile());
        assertThat(types(functions)).contains("AWS::Lambda::Function", "AWS::Lambda::EventSourceMapping",
                "AWS::CloudWatch::Alarm", "AWS::Events::Rule");
    }

    /** cfn-lint (installed by test-setup) with the project's own .cfnlintrc.yaml finds nothing in the templates. */
    @Test
    void synthesizedTemplatesAreCfnLintClean() throws Exception {
        assertThat(synthesized().exitCode()).isZero();
        Process lint;
        try {
            lint = new ProcessBuilder("cfn-lint").directory(project.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IllegalStateException("cfn-lint is not installed: run ./test-setup at the repository root", e);
        }
        String output = new String(lint.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(lint.waitFor(120, TimeUnit.SECONDS)).isTrue();

        assertThat(lint.exitValue()).as(output).isZero();
    }

    @Test
    void localUpDeploysItsFunctions() throws Exception {
        synthesized();

        CliRun run = CliRun.inProcess("local", "up", "--project", project.toString(), "--no-build", "--port", "0",
                "--exit-when-ready");

        assertThat(run.exitCode()).as(run.err()).isZero();
        for (String function : List.of(PROCESS_TASK, ESCALATE_TASK)) {
            assertThat(run.outLines()).as(function).anyMatch(l -> l.contains("AWS::Lambda::Function")
                    && l.contains("created") && l.contains(" " + function + "; Java "));
        }
        assertThat(run.outLines()).anyMatch(l -> l.contains("AWS::Lambda::EventSourceMapping") && l.contains("created"));
        assertThat(run.outLines()).anyMatch(l -> l.contains("AWS::Events::EventBus") && l.strip().endsWith(NAME));
        assertThat(run.outLines()).anyMatch(l -> l.contains("AWS::SQS::Queue") && l.strip().endsWith("/" + NAME + "-tasks"));
    }

    /** Events on its bus reach both functions; invoked directly, each answers as its tests say. */
    @Test
    void itsFunctionsRunInTheLocalCloud() throws Exception {
        synthesized();
        List<String> deployLog = Collections.synchronizedList(new ArrayList<>());
        try (LocalCloud cloud = LocalCloud.builder().port(0).workDir(dir.resolve("cloud")).build().start();
             TemplateDeployer deployer = new TemplateDeployer(cloud.endpoint(), "us-east-1", deployLog::add);
             EventBridgeClient events = LocalClients.create(EventBridgeClient.builder(), cloud.endpoint(), "us-east-1");
             SqsClient sqs = LocalClients.create(SqsClient.builder(), cloud.endpoint(), "us-east-1");
             LambdaClient lambda = LocalClients.create(LambdaClient.builder(), cloud.endpoint(), "us-east-1")) {
            List<DeployResult> deployed = deployer.deployCloudAssembly(project.resolve("cdk.out"));
            assertThat(deployed.stream().flatMap(r -> r.resources().stream())
                    .filter(r -> r.type().equals("AWS::Lambda::Function")).map(DeployedResource::physicalId))
                    .as("functions deployed; log: %s", deployLog)
                    .containsExactlyInAnyOrder(PROCESS_TASK, ESCALATE_TASK);

            List<PutEventsRequestEntry> tasks = new ArrayList<>();
            for (String priority : List.of("normal", "normal", "normal", "urgent")) {
                tasks.add(PutEventsRequestEntry.builder().eventBusName(NAME).source(NAME + ".tasks")
                        .detailType("TaskSubmitted").detail(JSON.createObjectNode()
                                .put("taskId", "task-" + tasks.size()).put("kind", "report").put("priority", priority)
                                .toString()).build());
            }
            PutEventsResponse put = events.putEvents(r -> r.entries(tasks));
            assertThat(put.failedEntryCount()).as("%s", put.entries()).isZero();

            EventSourceMapping mapping = cloud.lambda().eventSourceMappings().stream()
                    .filter(m -> m.functionArn().endsWith(":" + PROCESS_TASK)).findFirst().orElseThrow();
            awaitThat("processTask took the four tasks off the queue", () -> mapping.stats().succeededRecords() == 4);
            assertThat(mapping.stats().failedRecords()).isZero();
            assertThat(QueueDepth.of(sqs, sqs.getQueueUrl(r -> r.queueName(NAME + "-tasks")).queueUrl())).isZero();
            awaitThat("escalateTask was invoked with the urgent task", () ->
                    cloud.lambda().stats(ESCALATE_TASK).invocations() > 0);
            assertThat(cloud.lambda().stats(PROCESS_TASK)).extracting(FunctionStats::errors).isEqualTo(0L);
            assertThat(cloud.lambda().stats(ESCALATE_TASK)).extracting(FunctionStats::errors).isEqualTo(0L);
            for (String deadLetters : List.of(NAME + "-tasks-dlq", ESCALATE_TASK + "-events-dlq")) {
                String url = sqs.getQueueUrl(r -> r.queueName(deadLetters)).queueUrl();
                assertThat(QueueDepth.of(sqs, url)).as(deadLetters).isZero();
            }

            JsonNode escalation = invoke(lambda, ESCALATE_TASK, "functions/events/urgent-task.json");
            assertThat(escalation.get("taskId").asText()).isEqualTo("task-7");
            assertThat(escalation.get("notified").asText()).isEqualTo("on-call");
            JsonNode batch = invoke(lambda, PROCESS_TASK, "functions/events/sqs-event.json");
            assertThat(batch.get("batchItemFailures")).extracting(f -> f.get("itemIdentifier").asText())
                    .containsExactly("no-task-id");
        }
    }

    /** The CLI's synth of the project, run once for the tests that need its cloud assembly. */
    private static synchronized CliRun synthesized() {
        assertThat(buildExit).as("the project's build failed: see itsOwnBuildPassesWithoutDocker").isZero();
        if (synth == null) {
            synth = CliRun.inProcess("synth", "--project", project.toString(), "--no-build");
        }
        assertThat(synth.exitCode()).as(synth.err()).isZero();
        return synth;
    }

    private static JsonNode invoke(LambdaClient lambda, String function, String eventFile) throws IOException {
        String event = Files.readString(project.resolve(eventFile));
        InvokeResponse response = lambda.invoke(r -> r.functionName(function).payload(SdkBytes.fromUtf8String(event)));
        String payload = response.payload().asUtf8String();
        assertThat(response.functionError()).as("%s answered %s", function, payload).isNull();
        return JSON.readTree(payload);
    }

    private static void awaitThat(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + PROCESSING_LIMIT.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("%s within %s", what, PROCESSING_LIMIT).isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    private static List<String> types(JsonNode template) {
        List<String> types = new ArrayList<>();
        template.get("Resources").forEach(resource -> types.add(resource.get("Type").asText()));
        return types;
    }

    private static String tail(String text, int lines) {
        List<String> all = text.lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }
}
