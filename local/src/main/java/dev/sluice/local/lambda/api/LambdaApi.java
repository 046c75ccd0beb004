package dev.sluice.local.lambda.api;

import static dev.sluice.local.lambda.api.LambdaResponses.empty;
import static dev.sluice.local.lambda.api.LambdaResponses.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.local.core.Arn;
import dev.sluice.local.core.Json;
import dev.sluice.local.edge.AwsError;
import dev.sluice.local.edge.AwsRequest;
import dev.sluice.local.edge.AwsResponse;
import dev.sluice.local.edge.Claim;
import dev.sluice.local.lambda.eventsource.EventSourceMapping;
import dev.sluice.local.lambda.runtime.FunctionConfig;
import dev.sluice.local.lambda.runtime.LambdaFunction;
import dev.sluice.local.lambda.runtime.LambdaSettings;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * AWS's Lambda REST API over the service's functions and event source mappings: routes each request by path and
 * method to its action ({@link FunctionActions}, {@link EventSourceMappingActions}, {@link InvokeAction},
 * {@link PermissionActions}, {@link EventInvokeConfigActions}) and writes the JSON shapes ({@link FunctionJson},
 * {@link EventSourceMappingJson}). Refusals are {@link AwsError}s; the edge writes them as REST-JSON.
 */
public final class LambdaApi {

    /** RequestResponse payloads, both ways. */
    public static final int SYNC_PAYLOAD_LIMIT = 6 * 1024 * 1024;
    /** Event payloads (1 MiB since 2026-01-29). */
    public static final int ASYNC_PAYLOAD_LIMIT = 1024 * 1024;
    /**
     * Body limit of CreateFunction and UpdateFunctionCode: AWS's own, "Request must be smaller than 69905067 bytes
     * for the CreateFunction operation" (a 50 MB zip, base64-encoded in the JSON body; LocalStack's
     * LAMBDA_LIMITS_CREATE_FUNCTION_REQUEST_SIZE). Every other request keeps the edge's default.
     */
    public static final long CODE_UPLOAD_MAX_BODY_BYTES = 69_905_067L;
    private static final List<String> PREFIXES = List.of("/2015-03-31/functions", "/2015-03-31/event-source-mappings",
            "/2017-10-31/functions", "/2016-08-19/functions", "/2019-09-25/functions", "/2019-09-30/functions",
            "/2021-10-31/functions", "/2017-03-31/tags");

    private final LambdaSettings settings;
    private final Map<String, LambdaFunction> functions;
    private final Map<String, EventSourceMapping> mappings;
    private final Function<FunctionConfig, LambdaFunction> newFunction;
    private final FunctionActions functionActions;
    private final EventSourceMappingActions mappingActions;

    /**
     * @param functions   the service's functions by name (changed by the actions)
     * @param mappings    the service's event source mappings by UUID (changed by the actions)
     * @param background  where deleted functions are stopped
     * @param newFunction makes a function of a configuration
     * @param sqs         reads the queues of new mappings, polls them
     * @param scaler      gives the autoscaler's callback, or null when mappings keep Lambda's fixed concurrency
     */
    public LambdaApi(LambdaSettings settings, Map<String, LambdaFunction> functions,
                     Map<String, EventSourceMapping> mappings, Executor background,
                     Function<FunctionConfig, LambdaFunction> newFunction, SqsClient sqs, Supplier<Runnable> scaler) {
        this.settings = settings;
        this.functions = functions;
        this.mappings = mappings;
        this.newFunction = newFunction;
        this.functionActions = new FunctionActions(settings, functions, mappings, background, newFunction);
        this.mappingActions = new EventSourceMappingActions(settings, mappings, this::function, sqs, scaler);
    }

    /** The functions and mappings as one JSON document, for the local cloud's state. */
    public ObjectNode snapshot() {
        return LambdaState.snapshot(functions, mappings);
    }

    /**
     * Puts back the functions and mappings of a {@link #snapshot()}; mappings start polling as new ones do.
     *
     * @return how many functions and mappings came back
     */
    public int[] restore(JsonNode snapshot) {
        return LambdaState.restore(snapshot, functions, newFunction, mappingActions::restoreMapping);
    }

    /** Whether {@code request} may change functions or mappings (anything but reads and invocations). */
    public static boolean changes(AwsRequest request) {
        if (request.method().equals("GET") || request.method().equals("HEAD")) {
            return false;
        }
        String path = request.path().endsWith("/") ? request.path().substring(0, request.path().length() - 1)
                : request.path();
        return !path.endsWith("/invocations") && !path.endsWith("/invoke-async");
    }

    /** The API's REST paths. */
    public static List<Claim> claims() {
        return PREFIXES.stream().map(Claim::path).toList();
    }

    /** CreateFunction and UpdateFunctionCode may carry a zip: {@link #CODE_UPLOAD_MAX_BODY_BYTES}; else 0 (default). */
    public static long maxBodyBytes(AwsRequest head) {
        String path = head.path().endsWith("/") ? head.path().substring(0, head.path().length() - 1) : head.path();
        boolean create = head.method().equals("POST") && path.equals("/2015-03-31/functions");
        boolean update = head.method().equals("PUT") && path.startsWith("/2015-03-31/functions/")
                && path.endsWith("/code") && path.indexOf('/', "/2015-03-31/functions/".length()) == path.length() - 5;
        return create || update ? CODE_UPLOAD_MAX_BODY_BYTES : 0;
    }

    public AwsResponse handle(AwsRequest request) throws IOException {
        try {
            return route(request);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AwsError(500, "ServiceException", "Interrupted");
        }
    }

    /** A function by name or ARN, or Lambda's 404. */
    LambdaFunction function(String nameOrArn) {
        String name = Arn.functionName(nameOrArn);
        LambdaFunction function = functions.get(name);
        if (function == null) {
            throw new AwsError(404, "ResourceNotFoundException", "Function not found: " + settings.functionArn(name));
        }
        return function;
    }

    private AwsResponse route(AwsRequest request) throws IOException, InterruptedException {
        String path = request.path().endsWith("/") ? request.path().substring(0, request.path().length() - 1)
                : request.path();
        String[] parts = path.substring(1).split("/");
        for (int i = 0; i < parts.length; i++) {
            parts[i] = URLDecoder.decode(parts[i], StandardCharsets.UTF_8);
        }
        String method = request.method();
        String version = parts[0];
        String collection = parts.length > 1 ? parts[1] : "";
        if (collection.equals("event-source-mappings")) {
            return mappingRoute(method, parts.length > 2 ? parts[2] : null, request);
        }
        if (collection.equals("tags")) {
            return method.equals("GET") ? json(200, Json.object().set("Tags", Json.object())) : empty(204);
        }
        if (parts.length == 2) {
            if (method.equals("POST")) {
                return json(201, FunctionJson.configuration(functionActions.createFunction(body(request)).config()));
            }
            if (method.equals("GET")) {
                ArrayNode list = Json.MAPPER.createArrayNode();
                functions.keySet().stream().sorted()
                        .forEach(name -> list.add(FunctionJson.configuration(functions.get(name).config())));
                return json(200, Json.object().set("Functions", list));
            }
        }
        if (parts.length < 3) {
            throw new AwsError(404, "UnknownOperationException", "Unknown operation " + method + " " + path);
        }
        checkQualifier(parts[2], request);
        LambdaFunction function = function(parts[2]);
        String action = parts.length > 3 ? parts[3] : "";
        if (parts.length > 4 && action.equals("event-invoke-config") && parts[4].equals("list")) {
            // ListFunctionEventInvokeConfigs: only $LATEST exists locally, so at most one
            ArrayNode configs = Json.MAPPER.createArrayNode();
            if (function.configuredEventInvokeConfig() != null) {
                configs.add(FunctionJson.eventInvokeConfig(function, function.configuredEventInvokeConfig()));
            }
            return json(200, Json.object().set("FunctionEventInvokeConfigs", configs));
        }
        switch (version + " " + method + " " + action) {
            case "2015-03-31 GET ":
                return json(200, FunctionJson.function(function));
            case "2015-03-31 DELETE ":
                functionActions.deleteFunction(function);
                return empty(204);
            case "2015-03-31 GET configuration":
                return json(200, FunctionJson.configuration(function.config()));
            case "2015-03-31 PUT configuration":
                return json(200, FunctionJson.configuration(functionActions.updateConfiguration(function, body(request))));
            case "2015-03-31 PUT code":
                return json(200, FunctionJson.configuration(functionActions.updateCode(function, body(request))));
            case "2015-03-31 POST invocations":
                return InvokeAction.invoke(function, request);
            case "2015-03-31 POST policy":
                return json(201, PermissionActions.addPermission(function, body(request)));
            case "2015-03-31 GET policy":
                return json(200, PermissionActions.policy(function));
            case "2015-03-31 DELETE policy":
                PermissionActions.removePermission(function, parts.length > 4 ? parts[4] : "");
                return empty(204);
            case "2017-10-31 PUT concurrency":
                return json(200, functionActions.putConcurrency(function, body(request)));
            case "2017-10-31 DELETE concurrency":
                function.setReservedConcurrency(null);
                return empty(204);
            case "2019-09-30 GET concurrency":
                ObjectNode concurrency = Json.object();
                if (function.reservedConcurrency() != null) {
                    concurrency.put("ReservedConcurrentExecutions", function.reservedConcurrency());
                }
                return json(200, concurrency);
            case "2019-09-25 PUT event-invoke-config":
                return json(200, EventInvokeConfigActions.putEventInvokeConfig(function, body(request), false));
            case "2019-09-25 POST event-invoke-config":
                return json(200, EventInvokeConfigActions.putEventInvokeConfig(function, body(request), true));
            case "2019-09-25 GET event-invoke-config":
                return json(200, FunctionJson.eventInvokeConfig(function,
                        EventInvokeConfigActions.existingEventInvokeConfig(function)));
            case "2019-09-25 DELETE event-invoke-config":
                EventInvokeConfigActions.existingEventInvokeConfig(function);
                function.setEventInvokeConfig(null);
                return empty(204);
            default:
                throw new AwsError(404, "UnknownOperationException", "Unknown operation " + method + " " + path);
        }
    }

    private AwsResponse mappingRoute(String method, String uuid, AwsRequest request) throws IOException {
        if (uuid == null) {
            if (method.equals("POST")) {
                return json(202, EventSourceMappingJson.of(mappingActions.createMapping(body(request)), "Creating"));
            }
            if (method.equals("GET")) {
                Map<String, String> query = query(request.rawQuery());
                return json(200, mappingActions.list(query.get("FunctionName"), query.get("EventSourceArn")));
            }
        } else {
            EventSourceMapping mapping = mappingActions.mapping(uuid);
            switch (method) {
                case "GET":
                    return json(200, EventSourceMappingJson.of(mapping.config(), null));
                case "PUT":
                    return json(202, EventSourceMappingJson.of(mappingActions.updateMapping(mapping, body(request)), null));
                case "DELETE":
                    mappingActions.deleteMapping(uuid, mapping);
                    return json(202, EventSourceMappingJson.of(mapping.config(), "Deleting"));
                default:
                    break;
            }
        }
        throw new AwsError(404, "UnknownOperationException", "Unknown operation " + method + " " + request.path());
    }


    private static void checkQualifier(String nameOrArn, AwsRequest request) {
        String rest = nameOrArn.contains("function:") ? nameOrArn.substring(nameOrArn.indexOf("function:") + 9) : nameOrArn;
        String qualifier = rest.contains(":") ? rest.substring(rest.indexOf(':') + 1) : query(request.rawQuery()).get("Qualifier");
        if (qualifier != null && !qualifier.equals("$LATEST")) {
            throw new AwsError(404, "ResourceNotFoundException",
                    "Function not found: " + nameOrArn + " (only $LATEST exists locally; qualifier " + qualifier + ")");
        }
    }

    private static Map<String, String> query(String rawQuery) {
        Map<String, String> query = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return query;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            query.put(key, value);
        }
        return query;
    }

    private static JsonNode body(AwsRequest request) {
        if (request.body() == null || request.body().length == 0) {
            return Json.object();
        }
        try {
            return Json.MAPPER.readTree(request.body());
        } catch (IOException e) {
            throw AwsError.badRequest("InvalidRequestContentException",
                    "Could not parse request body into json: " + e.getMessage());
        }
    }
}
