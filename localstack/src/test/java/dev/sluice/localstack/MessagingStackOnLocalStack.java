package dev.sluice.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.example.infra.OrderPipelineApp;
import dev.sluice.local.LocalCloud;
import dev.sluice.local.template.TemplateDeployer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.eventbridge.model.Rule;
import software.amazon.awssdk.services.eventbridge.model.Target;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The example's messaging stack on LocalStack 4.14.0, deployed through its CloudFormation API; then the functions
 * running in Sluice's local cloud attached to its SQS and EventBridge, and the same scenario on the local cloud alone
 * for parity. One LocalStack serves the whole class; the probe event runs before any function exists. Subclasses say
 * where LocalStack runs: {@link HostLocalStackTest} on the host, {@link DockerLocalStackTest} in Docker.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class MessagingStackOnLocalStack {

    private static final ObjectMapper JSON = new ObjectMapper();

    private RunningLocalStack localStack;
    private AwsClients aws;
    private SynthesizedApp app;
    private Path workDir;
    private ScenarioOutcome attachedOutcome;

    @BeforeAll
    void startAndDeployMessagingStack(@TempDir Path dir) throws Exception {
        workDir = dir;
        localStack = startLocalStack();
        System.out.println("LocalStack version " + localStack.version() + " (" + localStack.description() + ")");
        aws = AwsClients.of(localStack.endpoint());
        app = SynthesizedApp.synthesize(dir.resolve("cdk.out"));
        try (CloudFormationStacks stacks = new CloudFormationStacks(localStack.endpoint(), AwsClients.REGION,
                AwsClients.ACCOUNT)) {
            stacks.bootstrap();
            stacks.deploy(app, OrderPipelineApp.MESSAGING_STACK_ID);
        }
    }

    /** Starts the LocalStack this class runs against, on a free port. */
    abstract RunningLocalStack startLocalStack() throws Exception;

    @AfterAll
    void stopLocalStack() throws Exception {
        if (aws != null) {
            aws.close();
        }
        if (localStack != null) {
            localStack.close();
        }
    }

    @Test
    @Order(1)
    void runsThePinnedLocalStackVersion() throws Exception {
        assertThat(localStack.version()).startsWith("4.14.0");
    }

    @Test
    @Order(2)
    void messagingStackCreatesQueuesBusAndRules() throws Exception {
        assertThat(aws.sqs().listQueues().queueUrls()).extracting(url -> url.substring(url.lastIndexOf('/') + 1))
                .contains("fulfillment", "fulfillment-dlq", "notifications", "notifications-dlq", "outbox", "outbox-dlq");
        Map<QueueAttributeName, String> fulfillment = aws.sqs().getQueueAttributes(r -> r
                .queueUrl(aws.queueUrl("fulfillment")).attributeNames(QueueAttributeName.ALL)).attributes();
        assertThat(fulfillment.get(QueueAttributeName.VISIBILITY_TIMEOUT)).isEqualTo("180");
        assertThat(JSON.readTree(fulfillment.get(QueueAttributeName.REDRIVE_POLICY)).path("deadLetterTargetArn").asText())
                .isEqualTo(AwsClients.queueArn("fulfillment-dlq"));

        assertThat(aws.events().describeEventBus(r -> r.name("orders")).arn())
                .isEqualTo("arn:aws:events:us-east-1:000000000000:event-bus/orders");
        List<Rule> rules = aws.events().listRules(r -> r.eventBusName("orders")).rules();
        assertThat(rules).extracting(Rule::name).containsExactlyInAnyOrder("OrderPlaced", "OrderOutcome");
        assertThat(targets("OrderPlaced")).containsExactly(AwsClients.queueArn("fulfillment"));
        assertThat(targets("OrderOutcome")).containsExactly(AwsClients.queueArn("notifications"));
    }

    @Test
    @Order(3)
    void orderPlacedOnTheBusReachesTheFulfillmentQueue() throws Exception {
        aws.events().putEvents(r -> r.entries(e -> e.eventBusName("orders").source("shop.orders")
                .detailType("OrderPlaced").detail("{\"orderId\":\"probe-1\",\"total\":10.00}")));
        String url = aws.queueUrl("fulfillment");
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        List<Message> messages = List.of();
        while (messages.isEmpty() && Instant.now().isBefore(deadline)) {
            messages = aws.sqs().receiveMessage(r -> r.queueUrl(url).waitTimeSeconds(5)).messages();
        }
        assertThat(messages).hasSize(1);
        Message message = messages.get(0);
        JsonNode event = JSON.readTree(message.body());
        assertThat(event.path("detail-type").asText()).isEqualTo("OrderPlaced");
        assertThat(event.path("detail").path("orderId").asText()).isEqualTo("probe-1");
        aws.sqs().deleteMessage(r -> r.queueUrl(url).receiptHandle(message.receiptHandle()));
    }

    @Test
    @Order(4)
    void functionsInTheLocalCloudProcessOrdersFromLocalStack() throws Exception {
        new OrderScenario("order").assertCompleted(attachedOutcome());
    }

    @Test
    @Order(5)
    void localCloudAloneGivesTheSameOutcomes() throws Exception {
        ScenarioOutcome attached = attachedOutcome();
        ScenarioOutcome local;
        try (LocalCloud cloud = LocalCloud.builder().port(0).workDir(workDir.resolve("local-cloud")).build().start();
             TemplateDeployer deployer = new TemplateDeployer(cloud.endpoint(), AwsClients.REGION,
                     line -> System.out.println("template: " + line));
             AwsClients localAws = AwsClients.of(cloud.endpoint())) {
            deployer.deployCloudAssembly(app.cdkOut());
            local = new OrderScenario("order").run(localAws, Duration.ofMinutes(2));
        }

        assertThat(local.notificationsByType()).isEqualTo(attached.notificationsByType());
        assertThat(local.notificationsByOrder()).isEqualTo(attached.notificationsByOrder());
        assertThat(local.deadLetters()).isEqualTo(attached.deadLetters());
        assertThat(local.backlogs()).isEqualTo(attached.backlogs());
    }

    /** Runs the scenario once with the functions in a local cloud attached to LocalStack; later calls reuse it. */
    private synchronized ScenarioOutcome attachedOutcome() throws Exception {
        if (attachedOutcome == null) {
            try (LocalCloud cloud = LocalCloud.builder().port(0).workDir(workDir.resolve("attached-cloud"))
                    .externalAwsEndpoint(localStack.endpoint()).build().start();
                 AwsClients functions = AwsClients.of(cloud.endpoint())) {
                AttachedFunctions.create(functions.lambda(), app.functionZip(), aws.queueUrl("outbox"));
                attachedOutcome = new OrderScenario("order").run(aws, Duration.ofMinutes(2));
            }
        }
        return attachedOutcome;
    }

    private List<String> targets(String rule) {
        return aws.events().listTargetsByRule(r -> r.eventBusName("orders").rule(rule)).targets().stream()
                .map(Target::arn).toList();
    }
}
