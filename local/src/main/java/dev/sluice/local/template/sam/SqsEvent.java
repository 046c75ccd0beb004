package dev.sluice.local.template.sam;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code Type: SQS}: an {@code AWS::Lambda::EventSourceMapping} named {@code <Function><Event>} from the queue to the
 * function (or its alias), and the managed policy AWSLambdaSQSQueueExecutionRole on the generated role
 * (aws-sam-translator's {@code PullEventSource} and {@code SQS}).
 */
final class SqsEvent extends EventSource {

    /** Copied to the mapping under the same name (PullEventSource's properties). */
    static final List<String> PASSED_THROUGH = List.of("StartingPosition", "StartingPositionTimestamp", "BatchSize",
            "Enabled", "MaximumBatchingWindowInSeconds", "MaximumRetryAttempts", "BisectBatchOnFunctionError",
            "MaximumRecordAgeInSeconds", "ParallelizationFactor", "Topics", "Queues", "SourceAccessConfigurations",
            "TumblingWindowInSeconds", "FunctionResponseTypes", "FilterCriteria", "KmsKeyArn", "ScalingConfig",
            "ProvisionedPollerConfig", "MetricsConfig", "LoggingConfig");
    private static final List<String> KNOWN;

    static {
        List<String> known = new ArrayList<>(PASSED_THROUGH);
        known.addAll(List.of("Queue", "DestinationConfig", "SecretsManagerKmsKeyId", "KafkaBootstrapServers",
                "ConsumerGroupId", "SchemaRegistryConfig"));
        KNOWN = List.copyOf(known);
    }

    @Override
    void toCloudFormation(SamFunction function, String name, String type, Map<String, Object> properties) {
        check(function, name, type, properties, KNOWN, List.of("Queue"));
        if (properties.get("ConsumerGroupId") != null) {
            throw function.invalid("Event with id [" + function.id() + name + "] is invalid. Property ConsumerGroupId"
                    + " not defined for resource of type SQS.");
        }
        if (properties.get("FilterCriteria") instanceof Map<?, ?> filter && !TemplateValues.isIntrinsic(filter)
                && !filter.isEmpty() && !(filter.size() == 1 && filter.containsKey("Filters"))) {
            throw function.invalid("Event with id [" + name + "] is invalid. FilterCriteria field has a wrong format");
        }
        Map<String, Object> mapping = new LinkedHashMap<>();
        mapping.put("FunctionName", function.functionName());
        mapping.put("EventSourceArn", properties.get("Queue"));
        for (String property : PASSED_THROUGH) {
            if (properties.get(property) != null) {
                mapping.put(property, properties.get(property));
            }
        }
        if (properties.get("DestinationConfig") instanceof Map<?, ?> destination) {
            if (destination.get("OnFailure") instanceof Map<?, ?> onFailure && onFailure.get("Type") != null) {
                @SuppressWarnings("unchecked")
                Map<String, Object> failure = (Map<String, Object>) onFailure;
                Object destinationType = failure.remove("Type");
                if (!List.of("SQS", "SNS", "S3", "Kafka").contains(destinationType)) {
                    throw function.invalid("Event with id [" + function.id() + name + "] is invalid. The only valid"
                            + " values for 'Type' are 'SQS', 'SNS', 'S3', and 'Kafka'");
                }
            }
            mapping.put("DestinationConfig", destination);
        }
        function.add(function.id() + name, "AWS::Lambda::EventSourceMapping", mapping, function.passThrough());
        function.addManagedPolicy("service-role/AWSLambdaSQSQueueExecutionRole");
    }
}
