package dev.sluice.local.lambda;

import dev.sluice.local.core.Arn;
import dev.sluice.local.core.DaemonThreads;
import dev.sluice.local.core.Json;
import dev.sluice.local.core.LocalClients;
import dev.sluice.local.edge.AwsError;
import static dev.sluice.local.lambda.LambdaResponses.empty;
import static dev.sluice.local.lambda.LambdaResponses.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.local.edge.AwsRequest;
import dev.sluice.local.edge.AwsResponse;
import dev.sluice.local.edge.Claim;
import dev.sluice.local.edge.EdgeService;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The local Lambda service: the functions registry and AWS's Lambda REST API (functions, invoke, concurrency,
 * permissions, event invoke config, SQS event source mappings), plus {@link AsyncInvoker} for EventBridge.
 * This class keeps the registry, routes requests by path and method, and runs the lifecycle; the actions live
 * in {@link FunctionActions}, {@link EventSourceMappingActions}, {@link InvokeAction}, {@link PermissionActions}
 * and {@link EventInvokeConfigActions}, the JSON shapes in {@link FunctionJson} and {@link EventSourceMappingJson}.
 *
 * <p>Status for an autoscaler: {@link #functionNames()}, {@link #environments(String)} (running, busy,
 * setMinimumWarm), {@link #eventSourceMappings()} (stats, setConcurrency).
 */
public final class LambdaService implements EdgeService, AsyncInvoker, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LambdaService.class);

    static final int SYNC_PAYLOAD_LIMIT = 6 * 1024 * 1024;
    static final int ASYNC_PAYLOAD_LIMIT = 1024 * 1024;
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
    private final Map<String, LambdaFunction> functions = new ConcurrentHashMap<>();
    private final Map<String, EventSourceMapping> mappings = new ConcurrentHashMap<>();
    private final ExecutorService background = Executors.newCachedThreadPool(DaemonThreads.factory("lambda-background"));
    private final ExecutorService asyncWorkers = Executors.newCachedThreadPool(DaemonThreads.factory("lambda-async"));
    private final ScheduledExecutorService scheduler =
            Executors.newSingleThreadScheduledExecutor(DaemonThreads.factory("lambda-timer"));
    private final Thread shutdownHook = new Thread(this::close, "lambda-shutdown");
    private volatile RuntimeInterfaceClient client;
    private final SqsClient sqs;
    private final boolean ownsSqs;
    private volatile Duration idleTimeout = Duration.ofMinutes(5);
    private volatile List<Duration> retryDelays = List.of(Duration.ofMinutes(1), Duration.ofMinutes(2));
    private volatile Runnable mappingScaler;
    private final FunctionActions functionActions;
    private final EventSourceMappingActions mappingActions;

    /** Polls and sends to SQS at {@code settings.sqsEndpoint()} over HTTP, with a client of its own. */
    public LambdaService(LambdaSettings settings) {
        this(settings, LocalClients.pollingSqs(settings.sqsEndpoint(), settings.region()), true);
    }

    /** @param sqs the client for event source mappings and SQS destinations, owned (and closed) by the caller */
    public LambdaService(LambdaSettings settings, SqsClient sqs) {
        this(settings, sqs, false);
    }

    private LambdaService(LambdaSettings settings, SqsClient sqs, boolean ownsSqs) {
        this.settings = settings;
        this.sqs = sqs;
        this.ownsSqs = ownsSqs;
        this.functionActions = new FunctionActions(settings, functions, mappings, background, this::newFunction);
        this.mappingActions = new EventSourceMappingActions(settings, mappings, this::function, sqs,
                () -> mappingScaler);
        Runtime.getRuntime().addShutdownHook(shutdownHook); // leave no environment process behind
        scheduler.scheduleWithFixedDelay(this::reapIdle, 1, 1, TimeUnit.SECONDS);
    }

    // ---- status and scaling (public API for the CLI and the autoscaler) ----

    /** Names of all functions. */
    public List<String> functionNames() {
        return functions.keySet().stream().sorted().toList();
    }

    /** The environments of a function (by name or ARN): running(), busy(), setMinimumWarm(int). */
    public FunctionEnvironments environments(String functionNameOrArn) {
        LambdaFunction function = functions.get(Arn.functionName(functionNameOrArn));
        if (function == null) {
            throw new NoSuchElementException("Function not found: " + functionNameOrArn);
        }
        return function.environments();
    }

    /** Invocation counters of a function (by name or ARN). */
    public FunctionStats stats(String functionNameOrArn) {
        LambdaFunction function = functions.get(Arn.functionName(functionNameOrArn));
        if (function == null) {
            throw new NoSuchElementException("Function not found: " + functionNameOrArn);
        }
        return function.stats();
    }

    /** All event source mappings: stats(), setConcurrency(int), queueUrl(), maximumConcurrency(). */
    public Collection<EventSourceMapping> eventSourceMappings() {
        return List.copyOf(mappings.values());
    }

    /**
     * Hands the concurrency of SQS event source mappings created from now on to an autoscaler: they start with no
     * poller, a MaximumConcurrency change leaves their pollers to it, and {@code onMappingsChanged} runs after every
     * create, update and delete so it can decide at once. {@code null} gives Lambda's fixed concurrency back to
     * mappings created afterwards.
     */
    public void scaleMappingsWith(Runnable onMappingsChanged) {
        this.mappingScaler = onMappingsChanged;
    }

    /** How long an idle environment is kept (default 5 minutes). */
    public void setIdleTimeout(Duration idleTimeout) {
        this.idleTimeout = idleTimeout;
    }

    /** Delays between retries of failed asynchronous invocations (AWS: 1 min, then 2 min); for tests. */
    void setRetryDelays(List<Duration> delays) {
        this.retryDelays = List.copyOf(delays);
    }

    // ---- AsyncInvoker ----

    @Override
    public void invokeAsync(String functionNameOrArn, byte[] payload) throws DeliveryException {
        LambdaFunction function = functions.get(Arn.functionName(functionNameOrArn));
        if (function == null) {
            throw new DeliveryException("Function not found: " + settings.functionArn(Arn.functionName(functionNameOrArn)));
        }
        if (payload.length > ASYNC_PAYLOAD_LIMIT) {
            throw new DeliveryException("Payload of " + payload.length + " bytes exceeds the asynchronous invoke limit of "
                    + ASYNC_PAYLOAD_LIMIT + " bytes");
        }
        function.async().submit(payload);
    }

    // ---- EdgeService ----

    @Override
    public List<Claim> claims() {
        return PREFIXES.stream().map(Claim::path).toList();
    }

    /** Every Lambda API body is JSON, Invoke's payload included (AWS answers a non-JSON payload with 400). */
    @Override
    public boolean readsJson(AwsRequest request) {
        return true;
    }

    @Override
    public long maxBodyBytes(AwsRequest head) {
        String path = head.path().endsWith("/") ? head.path().substring(0, head.path().length() - 1) : head.path();
        boolean create = head.method().equals("POST") && path.equals("/2015-03-31/functions");
        boolean update = head.method().equals("PUT") && path.startsWith("/2015-03-31/functions/")
                && path.endsWith("/code") && path.indexOf('/', "/2015-03-31/functions/".length()) == path.length() - 5;
        return create || update ? CODE_UPLOAD_MAX_BODY_BYTES : 0;
    }

    @Override
    public AwsResponse handle(AwsRequest request) throws IOException {
        try {
            return route(request);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AwsError(500, "ServiceException", "Interrupted");
        }
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
                functionNames().forEach(name -> list.add(FunctionJson.configuration(functions.get(name).config())));
                return json(200, Json.object().set("Functions", list));
            }
        }
        if (parts.length < 3) {
            throw new AwsError(404, "UnknownOperationException", "Unknown operation " + method + " " + path);
        }
        checkQualifier(parts[2], request);
        LambdaFunction function = function(parts[2]);
        String action = parts.length > 3 ? parts[3] : "";
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

    private AwsResponse mappingRoute(String method, String uuid, AwsRequest request)
            throws IOException {
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

    // ---- function lifecycle ----

    private LambdaFunction newFunction(FunctionConfig config) {
        LambdaFunction function = new LambdaFunction(config, this::newEnvironment, background);
        function.setAsync(new AsyncInvocations(config.arn(), asyncTarget(function), asyncWorkers, scheduler,
                () -> retryDelays));
        return function;
    }

    private ExecutionEnvironment newEnvironment(FunctionConfig config) {
        return new ExecutionEnvironment(config, settings, client(),
                Duration.ofSeconds(10 + config.timeoutSeconds())); // AWS: 10 s init, then retried within the timeout
    }

    private RuntimeInterfaceClient client() {
        if (client == null) {
            synchronized (this) {
                if (client == null) {
                    try {
                        Files.createDirectories(settings.workDir());
                        client = RuntimeInterfaceClient.locate(settings.workDir());
                    } catch (IOException e) {
                        throw new IllegalStateException("Could not prepare the runtime interface client: " + e.getMessage(), e);
                    }
                }
            }
        }
        return client;
    }

    private AsyncInvocations.Target asyncTarget(LambdaFunction function) {
        return new AsyncInvocations.Target() {
            @Override
            public InvocationResult invoke(byte[] payload) throws InterruptedException {
                return function.invoke(payload, Duration.ofSeconds(30));
            }

            @Override
            public EventInvokeConfig eventInvokeConfig() {
                return function.eventInvokeConfig();
            }

            @Override
            public void deliver(String destinationArn, byte[] record) throws Exception {
                LambdaService.this.deliver(destinationArn, record);
            }
        };
    }

    private void deliver(String destinationArn, byte[] record) throws Exception {
        if (Arn.isOf(destinationArn, "sqs")) {
            String queueUrl = sqs.getQueueUrl(r -> r.queueName(Arn.nameOf(destinationArn))).queueUrl();
            sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody(new String(record, StandardCharsets.UTF_8)));
        } else if (Arn.isOf(destinationArn, "lambda")) {
            invokeAsync(destinationArn, record);
        } else {
            throw new IllegalArgumentException("unsupported destination " + destinationArn);
        }
    }

    // ---- helpers ----

    private LambdaFunction function(String nameOrArn) {
        String name = Arn.functionName(nameOrArn);
        LambdaFunction function = functions.get(name);
        if (function == null) {
            throw new AwsError(404, "ResourceNotFoundException", "Function not found: " + settings.functionArn(name));
        }
        return function;
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

    private void reapIdle() {
        functions.values().forEach(function -> {
            try {
                function.environments().reapIdle(idleTimeout);
            } catch (RuntimeException e) {
                LOG.warn("Reaping idle environments of {} failed", function.config().name(), e);
            }
        });
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // called from the hook itself
        }
        mappings.values().forEach(EventSourceMapping::close);
        mappings.clear();
        scheduler.shutdownNow();
        asyncWorkers.shutdownNow();
        List<LambdaFunction> all = new ArrayList<>(functions.values());
        functions.clear();
        all.forEach(LambdaFunction::close);
        AotCacheAssembly.killUnder(settings.workDir()); // a cache still being made for this cloud's code
        background.shutdown();
        if (ownsSqs) {
            sqs.close();
        }
    }
}
