package dev.sluice.local.template;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * What the local cloud does with each property of the resource types it creates, declared once per type: properties
 * it emulates, properties that change nothing a local run can observe (tags, descriptions), and properties without
 * which the resource cannot run locally at all. Any other property a template sets is listed in the deploy table as
 * ignored locally (TracingConfig, SnapStart, Architectures, KmsMasterKeyId, VpcConfig, Layers, ...), never dropped
 * silently.
 */
final class EmulatedProperties {

    /**
     * @param emulated properties the local cloud acts on
     * @param inert    properties with no locally observable effect, not listed
     * @param blocking property -> why a resource with that value is skipped (null: the value is fine)
     */
    record Support(Set<String> emulated, Set<String> inert, Map<String, Function<Object, String>> blocking) {
    }

    private static final Set<String> TAGS = Set.of("Tags");

    private static final Map<String, Support> TYPES = Map.of(
            "AWS::SQS::Queue", new Support(Set.of("QueueName", "VisibilityTimeout", "MessageRetentionPeriod",
                    "DelaySeconds", "ReceiveMessageWaitTimeSeconds", "MaximumMessageSize", "RedrivePolicy", "FifoQueue",
                    "ContentBasedDeduplication"), TAGS, Map.of()),
            "AWS::Events::EventBus", new Support(Set.of("Name"), Set.of("Tags", "Description"), Map.of()),
            "AWS::Events::Rule", new Support(Set.of("Name", "EventBusName", "EventPattern", "ScheduleExpression",
                    "State", "Targets"), Set.of("Tags", "Description"), Map.of()),
            "AWS::Events::Archive", new Support(Set.of("ArchiveName", "SourceArn", "EventPattern", "RetentionDays"),
                    Set.of("Description", "KmsKeyIdentifier"), Map.of()),
            "AWS::Lambda::Function", new Support(Set.of("FunctionName", "Runtime", "Handler", "Code", "Timeout",
                    "MemorySize", "Environment", "Architectures", "EphemeralStorage", "DeadLetterConfig",
                    "ReservedConcurrentExecutions"),
                    Set.of("Tags", "Description", "Role"),
                    Map.of("PackageType",
                    value -> "Image".equals(value) ? "container image functions are not run locally (PackageType"
                            + " Image)" : null)),
            "AWS::Lambda::EventSourceMapping", new Support(Set.of("FunctionName", "EventSourceArn", "BatchSize",
                    "MaximumBatchingWindowInSeconds", "FunctionResponseTypes", "ScalingConfig", "ProvisionedPollerConfig",
                    "Enabled"), TAGS,
                    Map.of()),
            "AWS::Lambda::EventInvokeConfig", new Support(Set.of("FunctionName", "Qualifier", "MaximumRetryAttempts",
                    "MaximumEventAgeInSeconds", "DestinationConfig"), Set.of(), Map.of()),
            "AWS::Lambda::Version", new Support(Set.of("FunctionName"), Set.of("Description", "CodeSha256"),
                    Map.of()),
            "AWS::Lambda::Alias", new Support(Set.of("Name", "FunctionName", "FunctionVersion"),
                    Set.of("Description"), Map.of()));

    private EmulatedProperties() {
    }

    /** The properties set on a resource of {@code type} that the local cloud ignores, in template order. */
    static List<String> ignored(String type, Map<String, Object> properties) {
        Support support = TYPES.get(type);
        if (support == null) {
            return List.of();
        }
        return properties.keySet().stream().filter(p -> !support.emulated().contains(p)
                && !support.inert().contains(p) && !support.blocking().containsKey(p)).toList();
    }

    /** Why a resource with these properties cannot run locally, or null when it can. */
    static String blocked(String type, Map<String, Object> properties) {
        Support support = TYPES.get(type);
        if (support == null) {
            return null;
        }
        for (Map.Entry<String, Function<Object, String>> entry : support.blocking().entrySet()) {
            Object value = properties.get(entry.getKey());
            String reason = value == null ? null : entry.getValue().apply(value);
            if (reason != null) {
                return reason;
            }
        }
        return null;
    }

    /** True when the local cloud acts on {@code property} of {@code type} (unknown types: every property counts). */
    static boolean matters(String type, String property) {
        Support support = TYPES.get(type);
        return support == null || support.emulated().contains(property) || support.blocking().containsKey(property);
    }
}
