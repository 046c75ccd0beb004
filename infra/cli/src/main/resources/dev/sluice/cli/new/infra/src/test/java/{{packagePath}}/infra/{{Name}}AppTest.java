package {{package}}.infra;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import software.amazon.awscdk.App;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** The app's stacks, synthesized once (synthesis starts the CDK's JavaScript runtime: seconds, not milliseconds). */
class {{Name}}AppTest {

    @TempDir
    static Path dir;
    private static Template messaging;
    private static Template functions;

    @BeforeAll
    static void synth() throws IOException {
        App app = new App();
        MessagingStack messagingStack = new MessagingStack(app, "Messaging", StackProps.builder().build());
        FunctionsStack functionsStack = new FunctionsStack(app, "Functions", StackProps.builder().build(),
                messagingStack, functionZip(dir).toString());
        messaging = Template.fromStack(messagingStack);
        functions = Template.fromStack(functionsStack);
    }

    /** Any zip will do: synthesis only copies it. */
    private static Path functionZip(Path dir) throws IOException {
        Path zip = dir.resolve("function.zip");
        try (OutputStream file = Files.newOutputStream(zip); ZipOutputStream out = new ZipOutputStream(file)) {
            out.putNextEntry(new ZipEntry("application.properties"));
            out.closeEntry();
        }
        return zip;
    }

    @Test
    void busAndTaskQueueWithItsDeadLetterQueue() {
        messaging.hasResourceProperties("AWS::Events::EventBus", Map.of("Name", "{{name}}"));
        messaging.hasResourceProperties("AWS::SQS::Queue", Map.of("QueueName", "{{name}}-tasks-dlq"));
        messaging.hasResourceProperties("AWS::SQS::Queue", Map.of(
                "QueueName", "{{name}}-tasks",
                "VisibilityTimeout", 6 * FunctionsStack.FUNCTION_TIMEOUT_SECONDS,
                "RedrivePolicy", Map.of("maxReceiveCount", 3, "deadLetterTargetArn", Match.anyValue())));
    }

    @Test
    void submittedTasksGoFromTheBusToTheQueue() {
        messaging.hasResourceProperties("AWS::Events::Rule", Map.of(
                "Name", "TaskSubmitted",
                "EventPattern", Map.of("source", List.of("{{name}}.tasks"), "detail-type", List.of("TaskSubmitted")),
                "Targets", List.of(Match.objectLike(Map.of("Arn", Map.of("Fn::GetAtt",
                        List.of(Match.stringLikeRegexp("Tasks.*"), "Arn")))))));
    }

    @Test
    void messagingHoldsNoFunctionSoItDeploysOnItsOwn() {
        messaging.resourceCountIs("AWS::Lambda::Function", 0);
    }

    @Test
    void twoFunctionsFromOneZip() {
        functions.resourceCountIs("AWS::Lambda::Function", 2);
        for (String[] function : List.of(new String[] {"{{name}}-process-task", "processTask"},
                new String[] {"{{name}}-escalate-task", "escalateTask"})) {
            functions.hasResourceProperties("AWS::Lambda::Function", Map.of(
                    "FunctionName", function[0],
                    "Runtime", "java21",
                    "Handler", "io.quarkus.funqy.lambda.FunqyStreamHandler::handleRequest",
                    "Timeout", FunctionsStack.FUNCTION_TIMEOUT_SECONDS,
                    "Environment", Map.of("Variables", Map.of("QUARKUS_FUNQY_EXPORT", function[1]))));
        }
    }

    @Test
    void theQueueTriggersProcessTaskWithPartialBatchFailuresAndAtMostFiveBatchesAtATime() {
        functions.hasResourceProperties("AWS::Lambda::EventSourceMapping", Map.of(
                "BatchSize", 10,
                "FunctionResponseTypes", List.of("ReportBatchItemFailures"),
                "ScalingConfig", Map.of("MaximumConcurrency", FunctionsStack.MAX_CONCURRENCY)));
    }

    @Test
    void urgentTasksInvokeEscalateTaskWithRetriesAndADeadLetterQueue() {
        functions.hasResourceProperties("AWS::Events::Rule", Map.of(
                "Name", "UrgentTaskSubmitted",
                "EventPattern", Map.of("source", List.of("{{name}}.tasks"), "detail-type", List.of("TaskSubmitted"),
                        "detail", Map.of("priority", List.of("urgent"))),
                "Targets", List.of(Match.objectLike(Map.of(
                        "RetryPolicy", Map.of("MaximumRetryAttempts", 3, "MaximumEventAgeInSeconds", 3600),
                        "DeadLetterConfig", Match.objectLike(Map.of()))))));
        functions.hasResourceProperties("AWS::SQS::Queue", Map.of("QueueName", "{{name}}-escalate-task-events-dlq"));
    }

    @Test
    void alarmsOnBacklogAgeAndDeadLetters() {
        // the task queue: backlog, age of the oldest message, dead letters; escalateTask's dead letters
        functions.resourceCountIs("AWS::CloudWatch::Alarm", 4);
    }
}
