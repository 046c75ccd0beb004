package dev.sluice.constructs;

import static dev.sluice.constructs.QueueFunctionTest.invalid;
import static dev.sluice.constructs.QueueFunctionTest.synth;
import static dev.sluice.constructs.QueueFunctionTest.worker;
import static dev.sluice.constructs.TestScopes.function;
import static dev.sluice.constructs.TestScopes.stack;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.Arguments;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.lambda.FunctionAttributes;
import software.amazon.awscdk.services.lambda.IFunction;

/** QueueFunction's scaling options: local autoscaler metadata and provisioned concurrency. */
class QueueFunctionScalingTest {

    private static final String ESM = "AWS::Lambda::EventSourceMapping";
    private static final String TARGET = "AWS::ApplicationAutoScaling::ScalableTarget";
    private static final String POLICY = "AWS::ApplicationAutoScaling::ScalingPolicy";

    private static Template withProvisioned(ProvisionedConcurrencyProps.Builder pc) {
        return synth(QueueFunctionProps.builder().maxConcurrency(20).provisionedConcurrency(pc.build()));
    }

    @Test
    void noScalingExtrasByDefault() {
        Stack stack = stack();
        QueueFunction worker = worker(stack, QueueFunctionProps.builder());
        Template template = Template.fromStack(stack);

        template.hasResource(ESM, Map.of("Metadata", Match.absent()));
        template.resourceCountIs("AWS::Lambda::Alias", 0);
        template.resourceCountIs(TARGET, 0);
        template.resourceCountIs(POLICY, 0);
        template.hasResourceProperties(ESM, Map.of("FunctionName", Map.of("Ref", Match.stringLikeRegexp("Fn.*"))));
        assertThat(worker.getAlias()).isNull();
        assertThat(worker.getProvisionedConcurrencyTarget()).isNull();
        assertThat(worker.getProvisionedConcurrencyPolicy()).isNull();
    }

    // ---- local autoscaler settings ----

    @Test
    void localScalingReachesTheMappingAsMetadata() {
        Template template = synth(QueueFunctionProps.builder().maxConcurrency(20).localScaling(
                LocalScalingProps.builder()
                        .targetBacklogPerEnvironment(50)
                        .minimum(1)
                        .activationBacklog(3)
                        .maxStepUp(4)
                        .maxStepDown(3)
                        .scaleDownStabilisation(Duration.seconds(60))
                        .idleToZero(Duration.minutes(2))
                        .build()));
        template.hasResource(ESM, Map.of("Metadata", Map.of("sluice:scaling", Match.exact(Map.of(
                "targetBacklogPerEnvironment", 50,
                "minimum", 1,
                "activationBacklog", 3,
                "maxStepUp", 4,
                "maxStepDown", 3,
                "scaleDownStabilisationSeconds", 60,
                "idleToZeroSeconds", 120)))));
    }

    @Test
    void localScalingWritesOnlyTheSettingsGiven() {
        synth(QueueFunctionProps.builder().localScaling(LocalScalingProps.builder().minimum(2).build()))
                .hasResource(ESM, Map.of("Metadata", Map.of("sluice:scaling", Match.exact(Map.of("minimum", 2)))));
    }

    @Test
    void emptyLocalScalingWritesNoMetadata() {
        synth(QueueFunctionProps.builder().localScaling(LocalScalingProps.builder().build()))
                .hasResource(ESM, Map.of("Metadata", Match.absent()));
    }

    @Test
    void localScalingLeavesTheMappingAsItWas() {
        synth(QueueFunctionProps.builder().localScaling(LocalScalingProps.builder().minimum(2).build()))
                .hasResourceProperties(ESM, Map.of("ScalingConfig", Map.of("MaximumConcurrency", 5)));
    }

    // ---- provisioned concurrency ----

    @Test
    void provisionedConcurrencyCreatesTheLiveAlias() {
        withProvisioned(ProvisionedConcurrencyProps.builder().min(2).max(10)).hasResourceProperties(
                "AWS::Lambda::Alias", Map.of(
                        "Name", "live",
                        "ProvisionedConcurrencyConfig", Map.of("ProvisionedConcurrentExecutions", 2)));
    }

    @Test
    void provisionedConcurrencyPublishesAVersion() {
        withProvisioned(ProvisionedConcurrencyProps.builder()).resourceCountIs("AWS::Lambda::Version", 1);
    }

    @Test
    void mappingInvokesTheAlias() {
        withProvisioned(ProvisionedConcurrencyProps.builder()).hasResourceProperties(ESM, Map.of(
                "FunctionName", Map.of("Fn::Join", List.of("", Match.arrayWith(List.of(":live"))))));
    }

    @Test
    void scalableTargetIsTheAliasProvisionedConcurrency() {
        withProvisioned(ProvisionedConcurrencyProps.builder().min(2).max(10)).hasResourceProperties(TARGET, Map.of(
                "ServiceNamespace", "lambda",
                "ScalableDimension", "lambda:function:ProvisionedConcurrency",
                "MinCapacity", 2,
                "MaxCapacity", 10));
    }

    @Test
    void scalableTargetResourceIsFunctionColonNameColonLive() {
        withProvisioned(ProvisionedConcurrencyProps.builder()).hasResourceProperties(TARGET, Map.of(
                "ResourceId", Map.of("Fn::Join", List.of("", Match.arrayWith(List.of("function:", ":live"))))));
    }

    @Test
    void provisionedDefaultsToOneUpToMaxConcurrency() {
        withProvisioned(ProvisionedConcurrencyProps.builder()).hasResourceProperties(TARGET, Map.of(
                "MinCapacity", 1, "MaxCapacity", 20));
    }

    @Test
    void policyTracksTheTargetBacklogPerInstance() {
        withProvisioned(ProvisionedConcurrencyProps.builder().targetBacklogPerInstance(250)).hasResourceProperties(
                POLICY, Map.of(
                        "PolicyType", "TargetTrackingScaling",
                        "TargetTrackingScalingPolicyConfiguration", Map.of("TargetValue", 250)));
    }

    @Test
    void policyTargetDefaultsToAHundred() {
        withProvisioned(ProvisionedConcurrencyProps.builder()).hasResourceProperties(POLICY, Map.of(
                "TargetTrackingScalingPolicyConfiguration", Map.of("TargetValue", 100)));
    }

    @Test
    void policyAppliesToTheScalableTarget() {
        withProvisioned(ProvisionedConcurrencyProps.builder()).hasResourceProperties(POLICY, Map.of(
                "ScalingTargetId", Map.of("Ref", Match.stringLikeRegexp("WorkerLiveScalableTarget.*"))));
    }

    /** The policy's CustomizedMetricSpecification.Metrics contains this query. */
    private static Map<String, Object> metricQuery(Map<String, Object> query) {
        return Map.of("TargetTrackingScalingPolicyConfiguration", Map.of("CustomizedMetricSpecification",
                Map.of("Metrics", Match.arrayWith(List.of(Match.objectLike(query))))));
    }

    /** The policy's metric queries contain this one: a metric read, not returned. */
    private static Map<String, Object> metricStat(String id, String namespace, String metricName, Object dimensions) {
        return metricQuery(Map.of(
                "Id", id,
                "ReturnData", false,
                "MetricStat", Map.of("Metric", Map.of(
                        "Namespace", namespace,
                        "MetricName", metricName,
                        "Dimensions", dimensions))));
    }

    @Test
    void policyReadsVisibleMessagesOfTheQueue() {
        Map<String, Object> queueName = Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("WorkerQueue.*"), "QueueName"));
        withProvisioned(ProvisionedConcurrencyProps.builder()).hasResourceProperties(POLICY, metricStat("visible",
                "AWS/SQS", "ApproximateNumberOfMessagesVisible",
                List.of(Map.of("Name", "QueueName", "Value", queueName))));
    }

    @Test
    void policyReadsProvisionedEnvironmentsOfTheAlias() {
        withProvisioned(ProvisionedConcurrencyProps.builder()).hasResourceProperties(POLICY, metricStat("instances",
                "AWS/Lambda", "ProvisionedConcurrentExecutions", Match.arrayWith(List.of(
                        Match.objectLike(Map.of("Name", "FunctionName")),
                        Match.objectLike(Map.of("Name", "Resource"))))));
    }

    @Test
    void policyDividesBacklogByInstances() {
        withProvisioned(ProvisionedConcurrencyProps.builder()).hasResourceProperties(POLICY, metricQuery(Map.of(
                "Id", "backlogPerInstance",
                "Expression", "visible / IF(FILL(instances, 0) > 1, FILL(instances, 0), 1)",
                "ReturnData", true)));
    }

    @Test
    void provisionedConcurrencyOnAnImportedFunction() {
        Stack stack = stack();
        IFunction imported = software.amazon.awscdk.services.lambda.Function.fromFunctionAttributes(stack, "Imported",
                FunctionAttributes.builder()
                        .functionArn("arn:aws:lambda:eu-west-1:123456789012:function:jobs")
                        .sameEnvironment(true)
                        .role(Role.fromRoleArn(stack, "ImportedRole", "arn:aws:iam::123456789012:role/jobs"))
                        .build());
        new QueueFunction(stack, "Worker", QueueFunctionProps.builder().function(imported)
                .visibilityTimeout(Duration.minutes(5))
                .provisionedConcurrency(ProvisionedConcurrencyProps.builder().min(1).max(3).build()).build());
        Template template = Template.fromStack(stack);
        template.hasResourceProperties("AWS::Lambda::Version", Map.of("FunctionName", "jobs"));
        template.hasResourceProperties(TARGET, Map.of("MaxCapacity", 3));
    }

    @Test
    void exposesAliasTargetAndPolicy() {
        Stack stack = stack();
        QueueFunction worker = worker(stack,
                QueueFunctionProps.builder().provisionedConcurrency(ProvisionedConcurrencyProps.builder().build()));
        assertThat(worker.getAlias().getAliasName()).isEqualTo("live");
        assertThat(worker.getProvisionedConcurrencyTarget()).isNotNull();
        assertThat(worker.getProvisionedConcurrencyPolicy()).isNotNull();
    }

    // ---- invalid combinations (QueueFunctionTest.rejectsInvalidProps runs these too) ----

    static Stream<Arguments> invalidProps() {
        return Stream.of(
                invalid("provisioned min 0", b -> b.provisionedConcurrency(pc().min(0).max(3).build()),
                        "provisionedConcurrency.min must be between 1 and 1000 inclusive (given 0)"),
                invalid("provisioned max above 1000",
                        b -> b.maxConcurrency(1000).provisionedConcurrency(pc().max(1001).build()),
                        "provisionedConcurrency.max must be between 1 and 1000 inclusive (given 1001)"),
                invalid("provisioned min above max", b -> b.provisionedConcurrency(pc().min(4).max(3).build()),
                        "provisionedConcurrency.min must not exceed provisionedConcurrency.max (given min 4, max 3)"),
                invalid("provisioned max above maxConcurrency",
                        b -> b.maxConcurrency(10).provisionedConcurrency(pc().max(11).build()),
                        "provisionedConcurrency.max must not exceed maxConcurrency (given max 11, maxConcurrency 10)"),
                invalid("provisioned min above the default maxConcurrency",
                        b -> b.provisionedConcurrency(pc().min(6).build()),
                        "provisionedConcurrency.min must not exceed maxConcurrency (given min 6, maxConcurrency 5)"),
                invalid("provisioned min a fraction", b -> b.provisionedConcurrency(pc().min(1.5).build()),
                        "provisionedConcurrency.min must be a whole number (given 1.5)"),
                invalid("target backlog per instance 0",
                        b -> b.provisionedConcurrency(pc().targetBacklogPerInstance(0).build()),
                        "provisionedConcurrency.targetBacklogPerInstance must be greater than 0 (given 0)"),
                invalid("target backlog per instance negative",
                        b -> b.provisionedConcurrency(pc().targetBacklogPerInstance(-5).build()),
                        "provisionedConcurrency.targetBacklogPerInstance must be greater than 0 (given -5)"),
                invalid("local target 0", b -> b.localScaling(local().targetBacklogPerEnvironment(0).build()),
                        "localScaling.targetBacklogPerEnvironment must be between 1 and 1000000 inclusive (given 0)"),
                invalid("local minimum negative", b -> b.localScaling(local().minimum(-1).build()),
                        "localScaling.minimum must be between 0 and 1000 inclusive (given -1)"),
                invalid("local minimum above maxConcurrency",
                        b -> b.maxConcurrency(4).localScaling(local().minimum(5).build()),
                        "localScaling.minimum must not exceed maxConcurrency (given minimum 5, maxConcurrency 4)"),
                invalid("local activation negative", b -> b.localScaling(local().activationBacklog(-1).build()),
                        "localScaling.activationBacklog must be between 0 and 1000000 inclusive (given -1)"),
                invalid("local step 0", b -> b.localScaling(local().maxStepUp(0).build()),
                        "localScaling.maxStepUp must be between 1 and 1000 inclusive (given 0)"),
                invalid("local step down 0", b -> b.localScaling(local().maxStepDown(0).build()),
                        "localScaling.maxStepDown must be between 1 and 1000 inclusive (given 0)"),
                invalid("local step down above 1000", b -> b.localScaling(local().maxStepDown(1001).build()),
                        "localScaling.maxStepDown must be between 1 and 1000 inclusive (given 1001)"),
                invalid("local stabilisation above an hour",
                        b -> b.localScaling(local().scaleDownStabilisation(Duration.seconds(3601)).build()),
                        "localScaling.scaleDownStabilisation must be between 0 and 3600 seconds inclusive (given 3601"
                                + " seconds)"),
                invalid("local idle a fraction of a second",
                        b -> b.localScaling(local().idleToZero(Duration.millis(1500)).build()),
                        "localScaling.idleToZero must be a whole number of seconds (given 1500 ms)"));
    }

    private static ProvisionedConcurrencyProps.Builder pc() {
        return ProvisionedConcurrencyProps.builder();
    }

    private static LocalScalingProps.Builder local() {
        return LocalScalingProps.builder();
    }

    @Test
    void reportsEveryScalingViolationAtOnce() {
        Stack stack = stack();
        QueueFunctionProps props = QueueFunctionProps.builder().function(function(stack, "Fn", 30))
                .provisionedConcurrency(pc().min(0).targetBacklogPerInstance(0).build())
                .localScaling(local().maxStepUp(0).build())
                .build();
        assertThatThrownBy(() -> new QueueFunction(stack, "Worker", props))
                .hasMessageContaining("provisionedConcurrency.min must be between 1 and 1000 inclusive (given 0)")
                .hasMessageContaining("provisionedConcurrency.targetBacklogPerInstance must be greater than 0 (given 0)")
                .hasMessageContaining("localScaling.maxStepUp must be between 1 and 1000 inclusive (given 0)");
    }
}
