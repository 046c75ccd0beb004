package dev.sluice.local.template.sam;

import java.util.List;
import java.util.Map;

/**
 * Event types whose source the local cloud does not emulate (APIs, S3, SNS, streams, brokers, ...). Each is listed
 * as one skipped resource with the logical id and type of the main resource SAM generates for it, so the deploy
 * table shows the event and why it does not fire locally. Api and HttpApi events without an explicit API also declare
 * SAM's implicit API ({@code ServerlessRestApi}, {@code ServerlessHttpApi}), so that outputs naming it are reported
 * as referring to a skipped resource.
 */
final class NotEmulatedEvent extends EventSource {

    /** Event type -> what SAM generates for it and the service it stands for. */
    private record Generated(String suffix, String type, String service, String managedPolicy) {
        Generated(String suffix, String type, String service) {
            this(suffix, type, service, null);
        }
    }

    private static final Map<String, Generated> GENERATED = Map.ofEntries(
            Map.entry("Api", new Generated("Permission", "AWS::Lambda::Permission", "API Gateway")),
            Map.entry("HttpApi", new Generated("Permission", "AWS::Lambda::Permission", "API Gateway (HTTP APIs)")),
            Map.entry("S3", new Generated("Permission", "AWS::Lambda::Permission", "S3")),
            Map.entry("SNS", new Generated("", "AWS::SNS::Subscription", "SNS")),
            Map.entry("Kinesis", new Generated("", "AWS::Lambda::EventSourceMapping", "Kinesis",
                    "service-role/AWSLambdaKinesisExecutionRole")),
            Map.entry("DynamoDB", new Generated("", "AWS::Lambda::EventSourceMapping", "DynamoDB Streams",
                    "service-role/AWSLambdaDynamoDBExecutionRole")),
            Map.entry("MSK", new Generated("", "AWS::Lambda::EventSourceMapping", "Amazon MSK",
                    "service-role/AWSLambdaMSKExecutionRole")),
            Map.entry("MQ", new Generated("", "AWS::Lambda::EventSourceMapping", "Amazon MQ")),
            Map.entry("SelfManagedKafka", new Generated("", "AWS::Lambda::EventSourceMapping", "Kafka")),
            Map.entry("DocumentDB", new Generated("", "AWS::Lambda::EventSourceMapping", "DocumentDB")),
            Map.entry("CloudWatchLogs", new Generated("", "AWS::Logs::SubscriptionFilter", "CloudWatch Logs")),
            Map.entry("IoTRule", new Generated("", "AWS::IoT::TopicRule", "AWS IoT")),
            Map.entry("AlexaSkill", new Generated("", "AWS::Lambda::Permission", "Alexa Skills Kit")),
            Map.entry("Cognito", new Generated("Permission", "AWS::Lambda::Permission", "Cognito")));

    static final List<String> TYPES = GENERATED.keySet().stream().sorted().toList();

    static final String IMPLICIT_REST_API = "ServerlessRestApi";
    static final String IMPLICIT_HTTP_API = "ServerlessHttpApi";

    @Override
    void toCloudFormation(SamFunction function, String name, String type, Map<String, Object> properties) {
        Generated generated = GENERATED.get(type);
        String logicalId = function.id() + name;
        if (generated == null) {
            function.skip(logicalId, "AWS::Lambda::Permission", null, function.passThrough(), "event " + name
                    + " of " + function.id() + " has type " + type + ", which the local cloud does not know");
            return;
        }
        String id = logicalId + generated.suffix() + (type.equals("Api") ? apiStage(function, properties) : "");
        String reason = generated.service() + " is not emulated (" + type + " event " + name + " of " + function.id()
                + ")";
        function.skip(id, generated.type(), null, function.passThrough(), reason);
        if (generated.managedPolicy() != null) {
            function.addManagedPolicy(generated.managedPolicy());
        }
        Object sqsSubscription = properties.get("SqsSubscription");
        if (type.equals("SNS") && sqsSubscription != null && !Boolean.FALSE.equals(sqsSubscription)) {
            function.addManagedPolicy("service-role/AWSLambdaSQSQueueExecutionRole"); // SAM's queue between the two
        }
        if (type.equals("Api") && properties.get("RestApiId") == null) {
            implicitApi(function, IMPLICIT_REST_API, "AWS::Serverless::Api", "API Gateway");
        }
        if (type.equals("HttpApi") && properties.get("ApiId") == null) {
            implicitApi(function, IMPLICIT_HTTP_API, "AWS::Serverless::HttpApi", "API Gateway (HTTP APIs)");
        }
    }

    private static void implicitApi(SamFunction function, String id, String type, String service) {
        Translation out = function.translation();
        if (!out.has(id) && !out.isDeclared(id)) {
            out.skip(function.id(), id, type, null, null, service + " is not emulated (the implicit API of the"
                    + " template's " + type.substring("AWS::Serverless::".length()) + " events)");
        }
    }

    /** SAM names an Api event's permission after the stage: Prod for the implicit API, else the API's StageName. */
    private static String apiStage(SamFunction function, Map<String, Object> properties) {
        Object api = properties.get("RestApiId");
        if (api == null) {
            return "Prod";
        }
        String apiId = api instanceof Map<?, ?> m && m.get("Ref") instanceof String r ? r
                : api instanceof String s ? s : null;
        if (apiId == null) {
            return "AllStages";
        }
        Object stage = function.translation().declared(apiId) instanceof Map<?, ?> resource
                && resource.get("Properties") instanceof Map<?, ?> p ? p.get("StageName") : null;
        String suffix = stage instanceof String s ? s : "Stage";
        return suffix.chars().allMatch(Character::isLetterOrDigit) ? suffix : LogicalIds.generate("", suffix, null);
    }
}
