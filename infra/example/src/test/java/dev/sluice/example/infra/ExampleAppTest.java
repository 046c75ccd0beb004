package dev.sluice.example.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.local.core.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.cxapi.CloudAssembly;
import software.amazon.awscdk.cxapi.CloudFormationStackArtifact;

/** The example app, synthesized once through the same entry the CLI uses. */
class ExampleAppTest {

    @TempDir
    static Path dir;
    private static Path zip;
    private static CloudAssembly assembly;
    private static Template messaging;
    private static Template functions;

    @BeforeAll
    static void synth() throws Exception {
        zip = dummyZip(dir);
        assembly = OrderPipelineApp.synth(dir.resolve("cdk.out"), Map.of(OrderPipelineApp.FUNCTION_ZIP_CONTEXT, zip.toString()));
        messaging = template(assembly, OrderPipelineApp.MESSAGING_STACK_ID);
        functions = template(assembly, OrderPipelineApp.FUNCTIONS_STACK_ID);
    }

    @SuppressWarnings("unchecked")
    private static Template template(CloudAssembly assembly, String id) {
        return Template.fromJSON((Map<String, Object>) assembly.getStackArtifact(id).getTemplate());
    }

    @Test
    void queuesWithDeadLetterQueues() {
        assertThat(messaging.findResources("AWS::SQS::Queue").size()
                + functions.findResources("AWS::SQS::Queue").size()).isGreaterThanOrEqualTo(6);
        assertThat(messaging.findResources("AWS::SQS::Queue", Map.of("Properties", Map.of(
                "RedrivePolicy", Map.of("maxReceiveCount", 3))))).hasSize(3);
        for (String name : List.of("fulfillment", "notifications", "outbox")) {
            messaging.hasResourceProperties("AWS::SQS::Queue", Map.of("QueueName", name));
            messaging.hasResourceProperties("AWS::SQS::Queue", Map.of("QueueName", name + "-dlq"));
        }
        messaging.hasResourceProperties("AWS::SQS::Queue", Map.of("QueueName", "fulfillment", "VisibilityTimeout", 180));
    }

    @Test
    void ordersBus() {
        messaging.hasResourceProperties("AWS::Events::EventBus", Map.of("Name", "orders"));
    }

    @Test
    void ruleWithQueueTargetAllowedOnlyFromThatRule() {
        messaging.hasResourceProperties("AWS::Events::Rule", Map.of(
                "Name", "OrderPlaced",
                "EventPattern", Map.of("source", List.of("shop.orders"), "detail-type", List.of("OrderPlaced")),
                "Targets", List.of(Map.of("Id", "Target0", "Arn", Map.of("Fn::GetAtt",
                        List.of(Match.stringLikeRegexp("FulfillmentQueue.*"), "Arn"))))));
        messaging.hasResourceProperties("AWS::Events::Rule", Map.of(
                "EventPattern", Map.of("detail-type", List.of("OrderFulfilled", "OrderRejected", "OrderFlagged")),
                "Targets", List.of(Map.of("Id", "Target0", "Arn", Map.of("Fn::GetAtt",
                        List.of(Match.stringLikeRegexp("NotificationsQueue.*"), "Arn"))))));
        messaging.hasResourceProperties("AWS::SQS::QueuePolicy", Map.of("PolicyDocument", Map.of("Statement",
                List.of(Match.objectLike(Map.of(
                        "Principal", Map.of("Service", "events.amazonaws.com"),
                        "Condition", Map.of("ArnEquals", Map.of("aws:SourceArn", Map.of("Fn::GetAtt",
                                List.of(Match.stringLikeRegexp("OrderPlacedRule.*"), "Arn"))))))))));
    }

    @Test
    void messagingStackDeploysOnItsOwn() throws Exception {
        String json = Json.MAPPER.writeValueAsString(
                assembly.getStackArtifact(OrderPipelineApp.MESSAGING_STACK_ID).getTemplate());
        assertThat(json).doesNotContain("Fn::ImportValue").doesNotContain("AWS::Lambda::Function");
        CloudFormationStackArtifact functionsArtifact = assembly.getStackArtifact(OrderPipelineApp.FUNCTIONS_STACK_ID);
        assertThat(functionsArtifact.getDependencies()).extracting(a -> a.getId())
                .contains(OrderPipelineApp.MESSAGING_STACK_ID);
    }

    @Test
    void ruleWithLambdaTargetRetryPolicyAndDeadLetterConfig() {
        functions.hasResourceProperties("AWS::Events::Rule", Map.of(
                "EventPattern", Map.of("source", List.of("shop.orders"), "detail-type", List.of("OrderPlaced"),
                        "detail", Map.of("total", List.of(Map.of("numeric", List.of(">", 1000))))),
                "Targets", List.of(Match.objectLike(Map.of(
                        "Arn", Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("ReviewOrderFunction.*"), "Arn")),
                        "RetryPolicy", Map.of("MaximumRetryAttempts", 185, "MaximumEventAgeInSeconds", 86_400),
                        "DeadLetterConfig", Match.objectLike(Map.of()))))));
        functions.hasResourceProperties("AWS::SQS::Queue", Map.of("QueueName", "reviewOrder-events-dlq"));
    }

    @Test
    void functionsFromOneZip() {
        functions.resourceCountIs("AWS::Lambda::Function", 3);
        for (String name : List.of("fulfillOrder", "reviewOrder", "notifyCustomer")) {
            functions.hasResourceProperties("AWS::Lambda::Function", Map.of(
                    "FunctionName", name,
                    "Runtime", "java21",
                    "Handler", "io.quarkus.funqy.lambda.FunqyStreamHandler::handleRequest",
                    "Environment", Map.of("Variables", Match.objectLike(Map.of("QUARKUS_FUNQY_EXPORT", name)))));
        }
        hasVariables("fulfillOrder", Map.of("ORDERS_BUS_NAME", Match.anyValue()));
        hasVariables("notifyCustomer", Map.of("OUTBOX_QUEUE_NAME", Match.anyValue(), "OUTBOX_QUEUE_URL", Match.anyValue()));
        // The threshold's one home is the stack: its rule and the function get the same number.
        hasVariables("reviewOrder", Map.of("ORDERS_BUS_NAME", Match.anyValue(),
                "SLUICE_REVIEW_TOTAL_THRESHOLD", Integer.toString(FunctionsStack.REVIEW_THRESHOLD)));
    }

    private static void hasVariables(String function, Map<String, Object> variables) {
        functions.hasResourceProperties("AWS::Lambda::Function", Map.of("FunctionName", function,
                "Environment", Map.of("Variables", Match.objectLike(variables))));
    }

    @Test
    void eventSourceMappings() {
        assertThat(functions.findResources("AWS::Lambda::EventSourceMapping", Map.of("Properties", Map.of(
                "FunctionResponseTypes", List.of("ReportBatchItemFailures"),
                "ScalingConfig", Map.of("MaximumConcurrency", 5))))).hasSize(2);
    }

    @Test
    void alarmsOnBacklogAndAge() {
        assertThat(functions.findResources("AWS::CloudWatch::Alarm", Map.of("Properties", Map.of(
                "MetricName", "ApproximateNumberOfMessagesVisible", "Namespace", "AWS/SQS")))).hasSizeGreaterThanOrEqualTo(4);
        assertThat(functions.findResources("AWS::CloudWatch::Alarm", Map.of("Properties", Map.of(
                "MetricName", "ApproximateAgeOfOldestMessage")))).hasSize(2);
    }

    @Test
    void fulfillOrderPutsEventsOnTheOrdersBusOnly() {
        List<Map<String, Object>> statements = statementsOf("FulfillOrderFunctionServiceRole");
        List<Map<String, Object>> putEvents = withAction(statements, "events:PutEvents");
        assertThat(putEvents).hasSize(1);
        assertThat(putEvents.get(0).get("Resource").toString()).contains("OrdersBus").contains("Arn");
        assertThat(statements).allSatisfy(s -> assertThat(s.get("Resource").toString()).doesNotContain("*"));
    }

    @Test
    void notifyCustomerSendsToTheOutboxOnly() {
        List<Map<String, Object>> statements = statementsOf("NotifyCustomerFunctionServiceRole");
        List<Map<String, Object>> send = withAction(statements, "sqs:SendMessage");
        assertThat(send).hasSize(1);
        assertThat(send.get(0).get("Resource").toString()).contains("OutboxQueue");
        assertThat(withAction(statements, "events:PutEvents")).isEmpty();
        assertThat(statements).allSatisfy(s -> assertThat(s.get("Resource").toString()).doesNotContain("*"));
    }

    @Test
    void stagePrefixesPhysicalNames() {
        CloudAssembly staged = OrderPipelineApp.synth(dir.resolve("staged.out"), Map.of(
                OrderPipelineApp.FUNCTION_ZIP_CONTEXT, zip.toString(), OrderPipelineApp.STAGE_CONTEXT, "dev"));
        assertThat(staged.getStackArtifact(OrderPipelineApp.MESSAGING_STACK_ID).getStackName()).isEqualTo("dev-SluiceMessaging");
        Template stagedMessaging = template(staged, OrderPipelineApp.MESSAGING_STACK_ID);
        stagedMessaging.hasResourceProperties("AWS::Events::EventBus", Map.of("Name", "dev-orders"));
        stagedMessaging.hasResourceProperties("AWS::SQS::Queue", Map.of("QueueName", "dev-fulfillment-dlq"));
        template(staged, OrderPipelineApp.FUNCTIONS_STACK_ID).hasResourceProperties("AWS::Lambda::Function",
                Map.of("FunctionName", "dev-fulfillOrder"));
    }

    @Test
    void rejectsBadStage() {
        assertThatThrownBy(() -> StageNames.of("dev stage"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("stage must be 1 to 20 letters, digits or '-', starting with a letter (given 'dev stage')");
    }

    @Test
    void missingZipTellsHowToBuildIt() {
        Path missing = dir.resolve("nowhere/function.zip");
        assertThatThrownBy(() -> OrderPipelineApp.synth(dir.resolve("missing.out"),
                Map.of(OrderPipelineApp.FUNCTION_ZIP_CONTEXT, missing.toString())))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("function.zip not found at " + missing.toAbsolutePath())
                .hasMessageContaining("./mvnw -pl functions package");
    }

    @Test
    void defaultZipIsTheFunctionsBuildInTheWorkingDirectory() {
        // The toolkit and sluice run the app in the project folder, where functions/ is.
        assertThatThrownBy(() -> OrderPipelineApp.synth(dir.resolve("default.out"), Map.of()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("function.zip not found at "
                        + Path.of("functions/target/function.zip").toAbsolutePath());
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> statementsOf(String rolePrefix) {
        List<Map<String, Object>> statements = new ArrayList<>();
        for (Map<String, Object> policy : functions.findResources("AWS::IAM::Policy").values()) {
            Map<String, Object> properties = (Map<String, Object>) policy.get("Properties");
            if (!properties.get("Roles").toString().contains(rolePrefix)) {
                continue;
            }
            Map<String, Object> document = (Map<String, Object>) properties.get("PolicyDocument");
            statements.addAll((List<Map<String, Object>>) document.get("Statement"));
        }
        assertThat(statements).as("statements of " + rolePrefix).isNotEmpty();
        return statements;
    }

    private static List<Map<String, Object>> withAction(List<Map<String, Object>> statements, String action) {
        List<Map<String, Object>> found = new ArrayList<>();
        for (Map<String, Object> statement : statements) {
            Object actions = statement.get("Action");
            if (actions.equals(action) || (actions instanceof List && ((List<?>) actions).contains(action))) {
                found.add(statement);
            }
        }
        return found;
    }

    /** A stand-in for function.zip: synthesis only hashes and copies it. */
    private static Path dummyZip(Path dir) throws java.io.IOException {
        Path zip = dir.resolve("function.zip");
        try (var out = java.nio.file.Files.newOutputStream(zip); var zipOut = new java.util.zip.ZipOutputStream(out)) {
            zipOut.putNextEntry(new java.util.zip.ZipEntry("application.properties"));
            zipOut.write("quarkus.funqy.export=none\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            zipOut.closeEntry();
        }
        return zip;
    }
}
