package dev.sluice.local.faults;

import dev.sluice.local.edge.AwsRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The API operations a fault may target, per service, and which one a request is. Named as AWS names them (the SDK's
 * method names in PascalCase), so that a fault reads like the call it breaks. SQS and EventBridge name the operation in
 * {@code X-Amz-Target} (or SQS's Query {@code Action}); Lambda's REST paths are mapped here.
 */
final class Operations {

    static final String SQS = "sqs";
    static final String EVENTS = "events";
    static final String LAMBDA = "lambda";

    /** Every operation of the AWS API, so that a fault may be declared for one the local cloud refuses today. */
    private static final Map<String, Set<String>> KNOWN = Map.of(
            SQS, new TreeSet<>(Set.of("AddPermission", "CancelMessageMoveTask", "ChangeMessageVisibility",
                    "ChangeMessageVisibilityBatch", "CreateQueue", "DeleteMessage", "DeleteMessageBatch", "DeleteQueue",
                    "GetQueueAttributes", "GetQueueUrl", "ListDeadLetterSourceQueues", "ListMessageMoveTasks",
                    "ListQueueTags", "ListQueues", "PurgeQueue", "ReceiveMessage", "RemovePermission", "SendMessage",
                    "SendMessageBatch", "SetQueueAttributes", "StartMessageMoveTask", "TagQueue", "UntagQueue")),
            EVENTS, new TreeSet<>(Set.of("CreateEventBus", "DeleteEventBus", "DescribeEventBus", "ListEventBuses",
                    "PutRule", "DescribeRule", "ListRules", "ListRuleNamesByTarget", "DeleteRule", "EnableRule",
                    "DisableRule", "TestEventPattern", "PutTargets", "RemoveTargets", "ListTargetsByRule", "PutEvents",
                    "TagResource", "UntagResource", "ListTagsForResource")),
            LAMBDA, new TreeSet<>(lambdaRoutes().values()));

    private static final String SQS_TARGET = "AmazonSQS.";
    private static final String EVENTS_TARGET = "AWSEvents.";

    private Operations() {
    }

    static Set<String> services() {
        return new TreeSet<>(KNOWN.keySet());
    }

    /** The operations of {@code service}, or null for an unknown service. */
    static Set<String> of(String service) {
        return KNOWN.get(service);
    }

    /** The operation {@code request} calls on {@code service}, or null when it names none. */
    static String of(String service, AwsRequest request) {
        return switch (service) {
            case SQS -> request.target() != null ? after(request.target(), SQS_TARGET) : request.queryAction();
            case EVENTS -> after(request.target(), EVENTS_TARGET);
            case LAMBDA -> lambda(request.method(), request.path());
            default -> null;
        };
    }

    private static String after(String target, String prefix) {
        return target != null && target.startsWith(prefix) ? target.substring(prefix.length()) : null;
    }

    /**
     * Lambda's operation from method and path: {@code POST /2015-03-31/functions/f/invocations} is Invoke. The path's
     * shape (collection, whether a function or mapping is named, the sub-resource) is the key into {@link #lambdaRoutes()}.
     */
    static String lambda(String method, String rawPath) {
        String path = rawPath.endsWith("/") ? rawPath.substring(0, rawPath.length() - 1) : rawPath;
        String[] parts = path.substring(1).split("/");
        if (parts.length < 2) {
            return null;
        }
        String shape;
        if (parts[1].equals("functions")) {
            shape = parts.length == 2 ? "functions" : parts.length == 3 ? "functions/{f}"
                    : "functions/{f}/" + URLDecoder.decode(parts[3], StandardCharsets.UTF_8);
        } else if (parts[1].equals("event-source-mappings")) {
            shape = parts.length == 2 ? "event-source-mappings" : "event-source-mappings/{id}";
        } else if (parts[1].equals("tags")) {
            shape = "tags";
        } else {
            return null;
        }
        return lambdaRoutes().get(method + " " + shape);
    }

    private static Map<String, String> lambdaRoutes() {
        Map<String, String> routes = new LinkedHashMap<>();
        routes.put("POST functions", "CreateFunction");
        routes.put("GET functions", "ListFunctions");
        routes.put("GET functions/{f}", "GetFunction");
        routes.put("DELETE functions/{f}", "DeleteFunction");
        routes.put("GET functions/{f}/configuration", "GetFunctionConfiguration");
        routes.put("PUT functions/{f}/configuration", "UpdateFunctionConfiguration");
        routes.put("PUT functions/{f}/code", "UpdateFunctionCode");
        routes.put("POST functions/{f}/invocations", "Invoke");
        routes.put("POST functions/{f}/policy", "AddPermission");
        routes.put("GET functions/{f}/policy", "GetPolicy");
        routes.put("DELETE functions/{f}/policy", "RemovePermission");
        routes.put("PUT functions/{f}/concurrency", "PutFunctionConcurrency");
        routes.put("DELETE functions/{f}/concurrency", "DeleteFunctionConcurrency");
        routes.put("GET functions/{f}/concurrency", "GetFunctionConcurrency");
        routes.put("PUT functions/{f}/event-invoke-config", "PutFunctionEventInvokeConfig");
        routes.put("POST functions/{f}/event-invoke-config", "UpdateFunctionEventInvokeConfig");
        routes.put("GET functions/{f}/event-invoke-config", "GetFunctionEventInvokeConfig");
        routes.put("DELETE functions/{f}/event-invoke-config", "DeleteFunctionEventInvokeConfig");
        routes.put("POST event-source-mappings", "CreateEventSourceMapping");
        routes.put("GET event-source-mappings", "ListEventSourceMappings");
        routes.put("GET event-source-mappings/{id}", "GetEventSourceMapping");
        routes.put("PUT event-source-mappings/{id}", "UpdateEventSourceMapping");
        routes.put("DELETE event-source-mappings/{id}", "DeleteEventSourceMapping");
        routes.put("GET tags", "ListTags");
        routes.put("POST tags", "TagResource");
        routes.put("DELETE tags", "UntagResource");
        return routes;
    }

    /**
     * The HTTP status AWS answers with {@code code}, for the codes chaos tests use most; others are the caller's
     * fault (400) unless their name says the service failed.
     */
    static int defaultStatus(String code) {
        return switch (code) {
            case "ServiceUnavailable", "ServiceUnavailableException" -> 503;
            case "TooManyRequestsException" -> 429;
            case "RequestEntityTooLargeException" -> 413;
            case "ResourceNotFoundException" -> 404;
            case "ResourceConflictException" -> 409;
            default -> code.startsWith("Internal") || code.equals("ServiceException") ? 500 : 400;
        };
    }
}
