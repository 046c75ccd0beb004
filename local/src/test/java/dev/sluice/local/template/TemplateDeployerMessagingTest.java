package dev.sluice.local.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.local.CloudUnderTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.Target;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** Deploys a hand-written YAML template (queue + DLQ + bus + rule) to a running local cloud through the SDK. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TemplateDeployerMessagingTest {

    private static final String REGION = "us-east-1";

    @RegisterExtension
    static final CloudUnderTest local = CloudUnderTest.perClass(b -> b);

    private final List<String> log = new CopyOnWriteArrayList<>();

    private TemplateDeployer deployer() {
        return new TemplateDeployer(local.endpoint(), REGION, log::add);
    }

    private static Path template(String name) throws Exception {
        return Path.of(TemplateDeployerMessagingTest.class.getResource(name).toURI());
    }

    @Test
    void deploysQueuesBusAndRuleAndAnEventReachesTheQueue() throws Exception {
        DeployResult result;
        try (TemplateDeployer deployer = deployer()) {
            result = deployer.deploy(template("orders.yaml"), "shop", Map.of());
        }

        assertThat(result.resource("Queue").status()).isIn(ResourceStatus.CREATED, ResourceStatus.UPDATED);
        assertThat(result.resource("OrderPlacedRule").status()).isIn(ResourceStatus.CREATED);
        assertThat(result.resource("QueuePolicy").status()).isEqualTo(ResourceStatus.NOT_ENFORCED);
        assertThat(result.resource("BacklogAlarm").status()).isEqualTo(ResourceStatus.NOT_ENFORCED);
        assertThat(result.resource("Topic").status()).isEqualTo(ResourceStatus.SKIPPED);
        assertThat(result.resource("Topic").detail()).contains("AWS::SNS::Topic");
        assertThat(result.resource("Unnamed").physicalId()).contains("/shop-Unnamed-");
        assertThat(log).anyMatch(line -> line.contains("CheckBootstrapVersion"));
        assertThat(log).anyMatch(line -> line.contains("warning") && line.contains("AWS::SNS::Topic"));

        String queueUrl = local.sqs().getQueueUrl(b -> b.queueName("tpl-fulfillment")).queueUrl();
        assertThat(result.outputs()).containsEntry("QueueUrl", queueUrl)
                .containsEntry("QueueArn", "arn:aws:sqs:us-east-1:000000000000:tpl-fulfillment")
                .containsEntry("BusArn", "arn:aws:events:us-east-1:000000000000:event-bus/tpl-orders");
        Map<QueueAttributeName, String> attributes = local.sqs().getQueueAttributes(b -> b.queueUrl(queueUrl)
                .attributeNames(QueueAttributeName.ALL)).attributes();
        assertThat(attributes).containsEntry(QueueAttributeName.VISIBILITY_TIMEOUT, "30");
        assertThat(attributes.get(QueueAttributeName.REDRIVE_POLICY))
                .contains("arn:aws:sqs:us-east-1:000000000000:tpl-fulfillment-dlq").contains("3");
        List<Target> targets = local.events().listTargetsByRule(b -> b.eventBusName("tpl-orders")
                .rule(result.resource("OrderPlacedRule").physicalId())).targets();
        assertThat(targets).singleElement().satisfies(t -> {
            assertThat(t.arn()).isEqualTo("arn:aws:sqs:us-east-1:000000000000:tpl-fulfillment");
            assertThat(t.retryPolicy().maximumRetryAttempts()).isEqualTo(2);
        });

        local.events().putEvents(b -> b.entries(e -> e.eventBusName("tpl-orders").source("shop.orders")
                .detailType("OrderPlaced").detail("{\"orderId\":\"o-1\"}"),
                e -> e.eventBusName("tpl-orders").source("shop.orders").detailType("Other").detail("{}")));

        List<Message> received = receive(queueUrl, 1);
        assertThat(received).singleElement().satisfies(m -> assertThat(m.body()).contains("\"o-1\"")
                .contains("OrderPlaced"));
    }

    @Test
    void redeployingIsIdempotentAndExportsReachTheNextStack() throws Exception {
        Path consumer = local.work().resolve("consumer.yaml");
        Files.writeString(consumer, """
                Resources:
                  Rule:
                    Type: AWS::Events::Rule
                    Properties:
                      Name: copy-to-imported-queue
                      EventPattern: {source: [shop.audit]}
                      Targets: [{Id: q, Arn: !ImportValue again-queue-arn}]
                Outputs:
                  ImportedUrl: {Value: !ImportValue again-queue-url}
                """);
        try (TemplateDeployer deployer = deployer()) {
            DeployResult first = deployer.deploy(template("orders.yaml"), "again", Map.of("Prefix", "again"));
            DeployResult second = deployer.deploy(template("orders.yaml"), "again", Map.of("Prefix", "again"));
            DeployResult imported = deployer.deploy(consumer);

            assertThat(first.resource("Queue").status()).isEqualTo(ResourceStatus.CREATED);
            assertThat(second.resource("Queue").status()).isEqualTo(ResourceStatus.UPDATED);
            assertThat(second.resource("Bus").status()).isEqualTo(ResourceStatus.UPDATED);
            assertThat(second.resource("Queue").physicalId()).isEqualTo(first.resource("Queue").physicalId());
            assertThat(second.resource("Unnamed").physicalId()).isEqualTo(first.resource("Unnamed").physicalId());
            assertThat(imported.stackName()).isEqualTo("consumer");
            assertThat(imported.outputs().get("ImportedUrl")).isEqualTo(first.outputs().get("QueueUrl"));
            assertThat(deployer.exports()).containsKeys("again-queue-url", "again-queue-arn");
        }
    }

    @Test
    void anArchiveOfABusKeepsItsMatchingEventsAndARedeployUpdatesIt() throws Exception {
        Path template = local.work().resolve("archive.yaml");
        Files.writeString(template, """
                Resources:
                  Bus: {Type: AWS::Events::EventBus, Properties: {Name: tpl-archived}}
                  Archive:
                    Type: AWS::Events::Archive
                    Properties:
                      SourceArn: !GetAtt Bus.Arn
                      EventPattern: {source: [shop.orders]}
                      RetentionDays: 7
                Outputs:
                  ArchiveName: {Value: !Ref Archive}
                  ArchiveArn: {Value: !GetAtt Archive.Arn}
                """);
        try (TemplateDeployer deployer = deployer()) {
            DeployResult first = deployer.deploy(template, "archived", Map.of());
            String name = first.outputs().get("ArchiveName");
            assertThat(first.resource("Archive").status()).isEqualTo(ResourceStatus.CREATED);
            assertThat(name).startsWith("archived-Archive-").hasSizeLessThanOrEqualTo(48);
            assertThat(first.outputs().get("ArchiveArn"))
                    .isEqualTo("arn:aws:events:us-east-1:000000000000:archive/" + name);

            local.events().putEvents(b -> b.entries(e -> e.eventBusName("tpl-archived").source("shop.orders")
                    .detailType("OrderPlaced").detail("{}"),
                    e -> e.eventBusName("tpl-archived").source("other").detailType("X").detail("{}")));
            assertThat(local.events().describeArchive(b -> b.archiveName(name)).eventCount()).isEqualTo(1);

            DeployResult second = deployer.deploy(template, "archived", Map.of());
            assertThat(second.resource("Archive").status()).isEqualTo(ResourceStatus.UPDATED);
            assertThat(local.events().describeArchive(b -> b.archiveName(name)).eventCount()).isEqualTo(1);
        }
    }

    @Test
    void aReferenceToAMissingResourceFailsBeforeAnythingIsCreated() throws Exception {
        Path broken = local.work().resolve("broken.yaml");
        Files.writeString(broken, """
                Resources:
                  Early: {Type: AWS::SQS::Queue, Properties: {QueueName: must-not-exist}}
                  Rule:
                    Type: AWS::Events::Rule
                    Properties: {EventPattern: {source: [x]}, Targets: [{Id: q, Arn: !GetAtt Nowhere.Arn}]}
                """);
        try (TemplateDeployer deployer = deployer()) {
            assertThatThrownBy(() -> deployer.deploy(broken))
                    .isInstanceOf(TemplateException.class).hasMessageContaining("Rule -> [Nowhere]");
        }
        assertThat(local.sqs().listQueues(b -> b.queueNamePrefix("must-not-exist")).queueUrls()).isEmpty();
    }

    @Test
    void cloudAssemblyStacksDeployInDependencyOrder() throws Exception {
        Path cdkOut = Files.createDirectories(local.work().resolve("cdk.out"));
        Files.writeString(cdkOut.resolve("Consumer.template.json"), """
                {"Resources": {"Rule": {"Type": "AWS::Events::Rule", "Properties": {
                    "EventBusName": {"Fn::ImportValue": "Producer:BusName"},
                    "EventPattern": {"source": ["asm.test"]},
                    "Targets": [{"Id": "q", "Arn": {"Fn::ImportValue": "Producer:QueueArn"}}]}}}}
                """);
        Files.writeString(cdkOut.resolve("Producer.template.json"), """
                {"Parameters": {"BootstrapVersion": {"Type": "AWS::SSM::Parameter::Value<String>",
                                                     "Default": "/cdk-bootstrap/hnb659fds/version"}},
                 "Resources": {
                   "Q": {"Type": "AWS::SQS::Queue", "Properties": {"QueueName": "asm-queue"}},
                   "Bus": {"Type": "AWS::Events::EventBus", "Properties": {"Name": "asm-bus"}},
                   "CDKMetadata": {"Type": "AWS::CDK::Metadata", "Properties": {"Analytics": "v2:deflate64:x"}}},
                 "Outputs": {
                   "QueueArnOut": {"Value": {"Fn::GetAtt": ["Q", "Arn"]}, "Export": {"Name": "Producer:QueueArn"}},
                   "BusOut": {"Value": {"Ref": "Bus"}, "Export": {"Name": "Producer:BusName"}}}}
                """);
        Files.writeString(cdkOut.resolve("manifest.json"), """
                {"version": "48.0.0", "artifacts": {
                  "Consumer": {"type": "aws:cloudformation:stack", "environment": "aws://unknown-account/unknown-region",
                               "properties": {"templateFile": "Consumer.template.json", "stackName": "asm-consumer"},
                               "dependencies": ["Producer", "Consumer.assets"]},
                  "Consumer.assets": {"type": "cdk:asset-manifest", "properties": {"file": "Consumer.assets.json"}},
                  "Producer": {"type": "aws:cloudformation:stack", "environment": "aws://unknown-account/unknown-region",
                               "properties": {"templateFile": "Producer.template.json"}},
                  "Tree": {"type": "cdk:tree", "properties": {"file": "tree.json"}}}}
                """);

        List<DeployResult> results;
        try (TemplateDeployer deployer = deployer()) {
            results = deployer.deployCloudAssembly(cdkOut);
        }

        assertThat(results).extracting(DeployResult::stackName).containsExactly("Producer", "asm-consumer");
        assertThat(results.get(0).resource("CDKMetadata").status()).isEqualTo(ResourceStatus.NOT_ENFORCED);
        assertThat(local.events().listTargetsByRule(b -> b.eventBusName("asm-bus")
                .rule(results.get(1).resource("Rule").physicalId())).targets())
                .singleElement().satisfies(t -> assertThat(t.arn()).endsWith(":asm-queue"));
    }

    private List<Message> receive(String queueUrl, int count) {
        List<Message> messages = new ArrayList<>();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (messages.size() < count && Instant.now().isBefore(deadline)) {
            messages.addAll(local.sqs().receiveMessage(b -> b.queueUrl(queueUrl).waitTimeSeconds(1)
                    .maxNumberOfMessages(10)).messages());
        }
        return messages;
    }
}
