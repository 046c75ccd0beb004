package dev.sluice.constructs;

import java.util.List;
import software.amazon.awscdk.Names;
import software.amazon.awscdk.services.applicationautoscaling.CfnScalingPolicy;
import software.amazon.awscdk.services.applicationautoscaling.CfnScalingPolicy.CustomizedMetricSpecificationProperty;
import software.amazon.awscdk.services.applicationautoscaling.CfnScalingPolicy.TargetTrackingMetricDataQueryProperty;
import software.amazon.awscdk.services.applicationautoscaling.CfnScalingPolicy.TargetTrackingMetricDimensionProperty;
import software.amazon.awscdk.services.applicationautoscaling.CfnScalingPolicy.TargetTrackingMetricProperty;
import software.amazon.awscdk.services.applicationautoscaling.CfnScalingPolicy.TargetTrackingMetricStatProperty;
import software.amazon.awscdk.services.applicationautoscaling.CfnScalingPolicy.TargetTrackingScalingPolicyConfigurationProperty;
import software.amazon.awscdk.services.applicationautoscaling.ScalableTarget;
import software.amazon.awscdk.services.applicationautoscaling.ScalableTargetProps;
import software.amazon.awscdk.services.applicationautoscaling.ServiceNamespace;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.AliasProps;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.lambda.IVersion;
import software.amazon.awscdk.services.lambda.Version;
import software.amazon.awscdk.services.lambda.VersionProps;
import software.amazon.awscdk.services.sqs.IQueue;
import software.constructs.Construct;

/**
 * A function version behind an alias with provisioned concurrency, scaled by Application Auto
 * Scaling on backlog per instance: the queue's visible messages over the alias's provisioned
 * environments in use. The L2 target-tracking policy takes a single metric only, so the policy is
 * the L1 {@code AWS::ApplicationAutoScaling::ScalingPolicy} with a metric-math
 * {@code CustomizedMetricSpecification}.
 */
final class BacklogScaledAlias extends Construct {

    static final String SCALABLE_DIMENSION = "lambda:function:ProvisionedConcurrency";
    /**
     * Visible messages over provisioned environments in use (ProvisionedConcurrentExecutions), never
     * dividing by less than one. While a backlog stands every provisioned environment is busy, so the
     * environments in use are the provisioned count; when the queue is idle the ratio is 0 either way.
     */
    static final String BACKLOG_PER_INSTANCE_EXPRESSION =
            "visible / IF(FILL(instances, 0) > 1, FILL(instances, 0), 1)";

    private final Alias alias;
    private final ScalableTarget scalableTarget;
    private final CfnScalingPolicy scalingPolicy;

    BacklogScaledAlias(Construct scope, String id, IFunction function, IQueue queue, Number min, Number max,
            Number targetBacklogPerInstance) {
        super(scope, id);
        // A Function's currentVersion changes with its code and configuration; an imported one gets a plain version.
        IVersion version = function instanceof Function ? ((Function) function).getCurrentVersion()
                : new Version(this, "Version", VersionProps.builder().lambda(function).build());
        this.alias = new Alias(this, "Alias", AliasProps.builder()
                .aliasName(QueueFunction.ALIAS_NAME)
                .version(version)
                .provisionedConcurrentExecutions(min)
                .build());
        // alias.getFunctionName() is "<function>:live" and refers to the alias, so the target waits for it.
        this.scalableTarget = new ScalableTarget(this, "ScalableTarget", ScalableTargetProps.builder()
                .serviceNamespace(ServiceNamespace.LAMBDA)
                .scalableDimension(SCALABLE_DIMENSION)
                .resourceId("function:" + alias.getFunctionName())
                .minCapacity(min)
                .maxCapacity(max)
                .build());
        this.scalingPolicy = CfnScalingPolicy.Builder.create(this, "BacklogPerInstancePolicy")
                .policyName(policyName())
                .policyType("TargetTrackingScaling")
                .scalingTargetId(scalableTarget.getScalableTargetId())
                .targetTrackingScalingPolicyConfiguration(TargetTrackingScalingPolicyConfigurationProperty.builder()
                        .targetValue(targetBacklogPerInstance)
                        .customizedMetricSpecification(CustomizedMetricSpecificationProperty.builder()
                                .metrics(List.of(
                                        metric("visible", "AWS/SQS", "ApproximateNumberOfMessagesVisible",
                                                List.of(dimension("QueueName", queue.getQueueName()))),
                                        metric("instances", "AWS/Lambda", "ProvisionedConcurrentExecutions",
                                                List.of(dimension("FunctionName", function.getFunctionName()),
                                                        dimension("Resource", alias.getFunctionName()))),
                                        TargetTrackingMetricDataQueryProperty.builder()
                                                .id("backlogPerInstance")
                                                .expression(BACKLOG_PER_INSTANCE_EXPRESSION)
                                                .label("Visible messages per provisioned instance")
                                                .returnData(true)
                                                .build()))
                                .build())
                        .build())
                .build();
    }

    Alias alias() {
        return alias;
    }

    ScalableTarget scalableTarget() {
        return scalableTarget;
    }

    CfnScalingPolicy scalingPolicy() {
        return scalingPolicy;
    }

    private String policyName() {
        String name = Names.uniqueId(this);
        return name.length() <= 256 ? name : name.substring(name.length() - 256);
    }

    private static TargetTrackingMetricDataQueryProperty metric(String id, String namespace, String name,
            List<TargetTrackingMetricDimensionProperty> dimensions) {
        return TargetTrackingMetricDataQueryProperty.builder()
                .id(id)
                .metricStat(TargetTrackingMetricStatProperty.builder()
                        .metric(TargetTrackingMetricProperty.builder()
                                .namespace(namespace)
                                .metricName(name)
                                .dimensions(dimensions)
                                .build())
                        .stat("Average")
                        .build())
                .returnData(false)
                .build();
    }

    private static TargetTrackingMetricDimensionProperty dimension(String name, String value) {
        return TargetTrackingMetricDimensionProperty.builder().name(name).value(value).build();
    }
}
