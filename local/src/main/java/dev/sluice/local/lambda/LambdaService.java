package dev.sluice.local.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.local.edge.AwsRequest;
import dev.sluice.local.edge.AwsResponse;
import dev.sluice.local.edge.EdgeService;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SqsException;

/**
 * The local Lambda service: the functions registry and AWS's Lambda REST API (functions, invoke, concurrency,
 * permissions, event invoke config, SQS event source mappings), plus {@link AsyncInvoker} for EventBridge.
 *
 * <p>Status for an autoscaler: {@link #functionNames()}, {@link #environments(String)} (running, busy,
 * setMinimumWarm), {@link #eventSourceMappings()} (stats, setConcurrency).
 */
public final class LambdaService implements EdgeService, AsyncInvoker, AutoCloseable {

    static final int SYNC_PAYLOAD_LIMIT = 6 * 1024 * 1024;
    static final int ASYNC_PAYLOAD_LIMIT = 1024 * 1024;
    private static final Set<String> RUNTIMES = Set.of("java21", "java17", "java11");
    private static final Pattern FUNCTION_NAME = Pattern.compile("[a-zA-Z0-9_-]{1,64}");
    private static final Pattern VARIABLE_NAME = Pattern.compile("[a-zA-Z][a-zA-Z0-9_]*");
    private static final Set<String> RESERVED_VARIABLES = Set.of("_HANDLER", "_X_AMZN_TRACE_ID", "AWS_DEFAULT_REGION",
            "AWS_REGION", "AWS_EXECUTION_ENV", "AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
            "AWS_LAMBDA_FUNCTION_VERSION", "AWS_LAMBDA_INITIALIZATION_TYPE", "AWS_LAMBDA_LOG_GROUP_NAME",
            "AWS_LAMBDA_LOG_STREAM_NAME", "AWS_ACCESS_KEY", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
            "AWS_SESSION_TOKEN", "AWS_LAMBDA_RUNTIME_API", "LAMBDA_TASK_ROOT", "LAMBDA_RUNTIME_DIR");
    private static final List<String> PREFIXES = List.of("/2015-03-31/functions", "/2015-03-31/event-source-mappings",
            "/2017-10-31/functions", "/2016-08-19/functions", "/2019-09-25/functions", "/2019-09-30/functions",
            "/2021-10-31/functions", "/2017-03-31/tags");
    private static final DateTimeFormatter LAST_MODIFIED =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ").withZone(ZoneOffset.UTC);

    private final LambdaSettings settings;
    private final Map<String, LambdaFunction> functions = new ConcurrentHashMap<>();
    private final Map<String, EventSourceMapping> mappings = new ConcurrentHashMap<>();
    private final ExecutorService background = Executors.newCachedThreadPool(daemon("lambda-background"));
    private final ExecutorService asyncWorkers = Executors.newCachedThreadPool(daemon("lambda-async"));
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(daemon("lambda-timer"));
    private final Thread shutdownHook = new Thread(this::close, "lambda-shutdown");
    private volatile RuntimeInterfaceClient client;
    private volatile SqsClient sqs;
    private volatile Duration idleTimeout = Duration.ofMinutes(5);
    private volatile List<Duration> retryDelays = List.of(Duration.ofMinutes(1), Duration.ofMinutes(2));
    private volatile Runnable mappingScaler;

    public LambdaService(LambdaSettings settings) {
        this.settings = settings;
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
        LambdaFunction function = functions.get(functionName(functionNameOrArn));
        if (function == null) {
            throw new NoSuchElementException("Function not found: " + functionNameOrArn);
        }
        return function.environments();
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

    private void mappingsChanged() {
        Runnable scaler = mappingScaler;
        if (scaler != null) {
            scaler.run();
        }
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
        LambdaFunction function = functions.get(functionName(functionNameOrArn));
        if (function == null) {
            throw new DeliveryException("Function not found: " + settings.functionArn(functionName(functionNameOrArn)));
        }
        if (payload.length > ASYNC_PAYLOAD_LIMIT) {
            throw new DeliveryException("Payload of " + payload.length + " bytes exceeds the asynchronous invoke limit of "
                    + ASYNC_PAYLOAD_LIMIT + " bytes");
        }
        function.async().submit(payload);
    }

    // ---- EdgeService ----

    @Override
    public boolean accepts(AwsRequest request) {
        return PREFIXES.stream().anyMatch(prefix -> request.path().startsWith(prefix));
    }

    @Override
    public AwsResponse handle(AwsRequest request) {
        try {
            return route(request);
        } catch (LambdaException e) {
            return error(e);
        } catch (IOException e) {
            return error(new LambdaException(400, "InvalidRequestContentException",
                    "Could not parse request body into json: " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return error(new LambdaException(500, "ServiceException", "Interrupted"));
        }
    }

    private AwsResponse route(AwsRequest request) throws LambdaException, IOException, InterruptedException {
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
                return json(201, configJson(createFunction(body(request)).config()));
            }
            if (method.equals("GET")) {
                ArrayNode list = Json.MAPPER.createArrayNode();
                functionNames().forEach(name -> list.add(configJson(functions.get(name).config())));
                return json(200, Json.object().set("Functions", list));
            }
        }
        if (parts.length < 3) {
            throw new LambdaException(404, "UnknownOperationException", "Unknown operation " + method + " " + path);
        }
        checkQualifier(parts[2], request);
        LambdaFunction function = function(parts[2]);
        String action = parts.length > 3 ? parts[3] : "";
        switch (version + " " + method + " " + action) {
            case "2015-03-31 GET ":
                return json(200, functionJson(function));
            case "2015-03-31 DELETE ":
                deleteFunction(function);
                return empty(204);
            case "2015-03-31 GET configuration":
                return json(200, configJson(function.config()));
            case "2015-03-31 PUT configuration":
                return json(200, configJson(updateConfiguration(function, body(request))));
            case "2015-03-31 PUT code":
                return json(200, configJson(updateCode(function, body(request))));
            case "2015-03-31 POST invocations":
                return invoke(function, request);
            case "2015-03-31 POST policy":
                return json(201, addPermission(function, body(request)));
            case "2015-03-31 GET policy":
                return json(200, policy(function));
            case "2015-03-31 DELETE policy":
                removePermission(function, parts.length > 4 ? parts[4] : "");
                return empty(204);
            case "2017-10-31 PUT concurrency":
                return json(200, putConcurrency(function, body(request)));
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
                return json(200, putEventInvokeConfig(function, body(request), false));
            case "2019-09-25 POST event-invoke-config":
                return json(200, putEventInvokeConfig(function, body(request), true));
            case "2019-09-25 GET event-invoke-config":
                return json(200, eventInvokeConfigJson(function, existingEventInvokeConfig(function)));
            case "2019-09-25 DELETE event-invoke-config":
                existingEventInvokeConfig(function);
                function.setEventInvokeConfig(null);
                return empty(204);
            default:
                throw new LambdaException(404, "UnknownOperationException", "Unknown operation " + method + " " + path);
        }
    }

    // ---- functions ----

    private LambdaFunction createFunction(JsonNode body) throws LambdaException, IOException {
        Fields fields = new Fields(body);
        String name = fields.text("FunctionName", "functionName", true);
        if (name != null && !FUNCTION_NAME.matcher(name).matches()) {
            fields.violation("functionName", name, "Member must satisfy regular expression pattern: [a-zA-Z0-9-_]{1,64}");
        }
        String packageType = fields.text("PackageType", "packageType", false);
        if (packageType != null && !packageType.equals("Zip")) {
            fields.violation("packageType", packageType, "Only Zip packages run locally (no container images)");
        }
        String runtime = fields.text("Runtime", "runtime", true);
        if (runtime != null && !RUNTIMES.contains(runtime)) {
            fields.violation("runtime", runtime, "Member must be one of [java21, java17, java11] (the runtimes that run locally)");
        }
        String handler = fields.text("Handler", "handler", true);
        String role = fields.text("Role", "role", false);
        String description = fields.text("Description", "description", false);
        int timeout = fields.integer("Timeout", "timeout", 1, 900, 3);
        int memory = fields.integer("MemorySize", "memorySize", 128, 10_240, 128);
        Map<String, String> variables = variables(fields);
        if (!fields.has("Code")) {
            fields.violation("code", null, "Member must not be null");
        }
        fields.throwIfInvalid();
        if (functions.containsKey(name)) {
            throw new LambdaException(409, "ResourceConflictException", "Function already exist: " + name);
        }
        FunctionCode code = code(fields.node("Code"), name);
        HandlerCheck.problem(code.taskRoot(), handler)
                .ifPresent(problem -> System.err.println("[" + name + "] warning: " + problem));
        FunctionConfig config = new FunctionConfig(name, settings.functionArn(name), runtime,
                role == null ? "arn:aws:iam::" + settings.accountId() + ":role/lambda-role" : role, handler,
                description == null ? "" : description, timeout, memory, variables, code.taskRoot(), code.sha256(),
                code.size(), Instant.now(), UUID.randomUUID().toString());
        LambdaFunction function = new LambdaFunction(config, this::newEnvironment, background);
        function.setAsync(new AsyncInvocations(config.arn(), asyncTarget(function), asyncWorkers, scheduler,
                () -> retryDelays));
        if (functions.putIfAbsent(name, function) != null) {
            throw new LambdaException(409, "ResourceConflictException", "Function already exist: " + name);
        }
        return function;
    }

    private FunctionConfig updateConfiguration(LambdaFunction function, JsonNode body) throws LambdaException {
        FunctionConfig old = function.config();
        Fields fields = new Fields(body);
        String runtime = fields.text("Runtime", "runtime", false);
        if (runtime != null && !RUNTIMES.contains(runtime)) {
            fields.violation("runtime", runtime, "Member must be one of [java21, java17, java11] (the runtimes that run locally)");
        }
        String handler = fields.text("Handler", "handler", false);
        String role = fields.text("Role", "role", false);
        String description = fields.text("Description", "description", false);
        int timeout = fields.integer("Timeout", "timeout", 1, 900, old.timeoutSeconds());
        int memory = fields.integer("MemorySize", "memorySize", 128, 10_240, old.memoryMb());
        Map<String, String> variables = fields.has("Environment") ? variables(fields) : old.variables();
        fields.throwIfInvalid();
        FunctionConfig updated = new FunctionConfig(old.name(), old.arn(), runtime == null ? old.runtime() : runtime,
                role == null ? old.role() : role, handler == null ? old.handler() : handler,
                description == null ? old.description() : description, timeout, memory, variables, old.taskRoot(),
                old.codeSha256(), old.codeSize(), Instant.now(), UUID.randomUUID().toString());
        function.update(updated);
        return updated;
    }

    private FunctionConfig updateCode(LambdaFunction function, JsonNode body) throws LambdaException, IOException {
        FunctionConfig updated = function.config().withCode(code(body, function.config().name()));
        function.update(updated);
        return updated;
    }

    private void deleteFunction(LambdaFunction function) {
        String arn = function.config().arn();
        functions.remove(function.config().name());
        // Local difference: AWS keeps mappings of a deleted function; here they would only fail, so they go too.
        mappings.values().removeIf(mapping -> {
            if (mapping.functionArn().equals(arn)) {
                mapping.close();
                return true;
            }
            return false;
        });
        background.execute(function::close);
    }

    private Map<String, String> variables(Fields fields) {
        JsonNode environment = fields.node("Environment");
        JsonNode variables = environment == null ? null : environment.get("Variables");
        Map<String, String> result = new LinkedHashMap<>();
        if (variables == null || variables.isNull()) {
            return result;
        }
        int size = 0;
        for (var entry : variables.properties()) {
            String key = entry.getKey();
            if (!VARIABLE_NAME.matcher(key).matches()) {
                fields.violation("environment.variables", key, "Member must satisfy regular expression pattern: [a-zA-Z]([a-zA-Z0-9_])+");
            } else if (RESERVED_VARIABLES.contains(key)) {
                fields.violation("environment.variables", key, "Reserved keys are not supported for modification");
            }
            String value = entry.getValue().isTextual() ? entry.getValue().asText() : entry.getValue().toString();
            size += key.length() + value.length();
            result.put(key, value);
        }
        if (size > 4096) {
            fields.violation("environment.variables", size + " bytes", "Member must be at most 4 KB in total");
        }
        return result;
    }

    private FunctionCode code(JsonNode code, String functionName) throws LambdaException, IOException {
        Fields fields = new Fields(code);
        String zip = fields.text("ZipFile", "code.zipFile", false);
        String bucket = fields.text("S3Bucket", "code.s3Bucket", false);
        String key = fields.text("S3Key", "code.s3Key", false);
        fields.throwIfInvalid();
        if (zip != null) {
            byte[] bytes;
            try {
                bytes = Base64.getDecoder().decode(zip);
            } catch (IllegalArgumentException e) {
                throw LambdaException.invalidParameter("Code.ZipFile is not valid base64: " + e.getMessage());
            }
            return FunctionCode.fromZip(bytes, settings.workDir(), functionName);
        }
        if ("hot-reload".equals(bucket) && key != null) {
            return FunctionCode.fromLocalPath(key, settings.workDir(), functionName);
        }
        if (bucket != null) {
            throw LambdaException.invalidParameter("Code.S3Bucket: only 'hot-reload' (with Code.S3Key = an absolute "
                    + "local path of a .zip or folder) is supported locally (given " + bucket + ")");
        }
        throw LambdaException.invalidParameter("Code: give ZipFile, or S3Bucket 'hot-reload' with S3Key a local path");
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

    // ---- invoke ----

    private AwsResponse invoke(LambdaFunction function, AwsRequest request) throws LambdaException, InterruptedException {
        String type = request.header("x-amz-invocation-type");
        type = type == null ? "RequestResponse" : type;
        byte[] payload = request.body() == null ? new byte[0] : request.body();
        switch (type) {
            case "DryRun":
                return empty(204);
            case "Event":
                if (payload.length > ASYNC_PAYLOAD_LIMIT) {
                    throw new LambdaException(413, "RequestTooLargeException",
                            "Request must be smaller than " + ASYNC_PAYLOAD_LIMIT + " bytes for the InvokeAsync operation");
                }
                String requestId = function.async().submit(payload.length == 0 ? "{}".getBytes(StandardCharsets.UTF_8) : payload);
                return empty(202).withHeader("x-amzn-RequestId", requestId);
            case "RequestResponse":
                if (payload.length > SYNC_PAYLOAD_LIMIT) {
                    throw new LambdaException(413, "RequestTooLargeException",
                            "Request must be smaller than " + SYNC_PAYLOAD_LIMIT + " bytes for the InvokeFunction operation");
                }
                InvocationResult result = function.invoke(payload.length == 0 ? "{}".getBytes(StandardCharsets.UTF_8)
                        : payload, Duration.ZERO);
                AwsResponse response = new AwsResponse(200, "application/json", result.payload(), Map.of())
                        .withHeader("X-Amz-Executed-Version", "$LATEST");
                return result.failed() ? response.withHeader("X-Amz-Function-Error", result.functionError()) : response;
            default:
                throw new LambdaException(400, "InvalidParameterValueException",
                        "X-Amz-Invocation-Type must be RequestResponse, Event or DryRun (given " + type + ")");
        }
    }

    private AsyncInvocations.Target asyncTarget(LambdaFunction function) {
        return new AsyncInvocations.Target() {
            @Override
            public InvocationResult invoke(byte[] payload) throws LambdaException, InterruptedException {
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
        if (destinationArn.startsWith("arn:aws:sqs:")) {
            String queueUrl = sqs().getQueueUrl(r -> r.queueName(lastSegment(destinationArn))).queueUrl();
            sqs().sendMessage(r -> r.queueUrl(queueUrl).messageBody(new String(record, StandardCharsets.UTF_8)));
        } else if (destinationArn.startsWith("arn:aws:lambda:")) {
            invokeAsync(destinationArn, record);
        } else {
            throw new IllegalArgumentException("unsupported destination " + destinationArn);
        }
    }

    // ---- concurrency, permissions, event invoke config ----

    private ObjectNode putConcurrency(LambdaFunction function, JsonNode body) throws LambdaException {
        Fields fields = new Fields(body);
        if (!fields.has("ReservedConcurrentExecutions")) {
            fields.violation("reservedConcurrentExecutions", null, "Member must not be null");
        }
        Integer reserved = fields.integer("ReservedConcurrentExecutions", "reservedConcurrentExecutions", 0, 1000, null);
        fields.throwIfInvalid();
        function.setReservedConcurrency(reserved);
        return Json.object().put("ReservedConcurrentExecutions", reserved);
    }

    private ObjectNode addPermission(LambdaFunction function, JsonNode body) throws LambdaException {
        Fields fields = new Fields(body);
        String sid = fields.text("StatementId", "statementId", true);
        String action = fields.text("Action", "action", true);
        String principal = fields.text("Principal", "principal", true);
        String sourceArn = fields.text("SourceArn", "sourceArn", false);
        String sourceAccount = fields.text("SourceAccount", "sourceAccount", false);
        fields.throwIfInvalid();
        ObjectNode statement = Json.object().put("Sid", sid).put("Effect", "Allow");
        if (principal.endsWith(".amazonaws.com")) {
            statement.putObject("Principal").put("Service", principal);
        } else {
            statement.putObject("Principal").put("AWS", principal);
        }
        statement.put("Action", action).put("Resource", function.config().arn());
        if (sourceArn != null || sourceAccount != null) {
            ObjectNode condition = statement.putObject("Condition");
            if (sourceArn != null) {
                condition.putObject("ArnLike").put("AWS:SourceArn", sourceArn);
            }
            if (sourceAccount != null) {
                condition.putObject("StringEquals").put("AWS:SourceAccount", sourceAccount);
            }
        }
        synchronized (function) {
            if (function.policyStatements().containsKey(sid)) {
                throw new LambdaException(409, "ResourceConflictException", "The statement id (" + sid
                        + ") provided already exists. Please provide a new statement id, or remove the existing statement.");
            }
            function.policyStatements().put(sid, statement);
        }
        return Json.object().put("Statement", statement.toString());
    }

    private ObjectNode policy(LambdaFunction function) throws LambdaException {
        synchronized (function) {
            if (function.policyStatements().isEmpty()) {
                throw new LambdaException(404, "ResourceNotFoundException", "The resource you requested does not exist.");
            }
            ObjectNode policy = Json.object().put("Version", "2012-10-17").put("Id", "default");
            ArrayNode statements = policy.putArray("Statement");
            function.policyStatements().values().forEach(statements::add);
            return Json.object().put("Policy", policy.toString()).put("RevisionId", function.config().revisionId());
        }
    }

    private void removePermission(LambdaFunction function, String sid) throws LambdaException {
        synchronized (function) {
            if (function.policyStatements().remove(sid) == null) {
                throw new LambdaException(404, "ResourceNotFoundException", "No policy is associated with the given resource.");
            }
        }
    }

    private EventInvokeConfig existingEventInvokeConfig(LambdaFunction function) throws LambdaException {
        EventInvokeConfig config = function.configuredEventInvokeConfig();
        if (config == null) {
            throw new LambdaException(404, "ResourceNotFoundException",
                    "The function " + function.config().arn() + " doesn't have an EventInvokeConfig");
        }
        return config;
    }

    private ObjectNode putEventInvokeConfig(LambdaFunction function, JsonNode body, boolean merge) throws LambdaException {
        EventInvokeConfig base = merge && function.configuredEventInvokeConfig() != null
                ? function.configuredEventInvokeConfig() : EventInvokeConfig.DEFAULT;
        Fields fields = new Fields(body);
        int retries = fields.integer("MaximumRetryAttempts", "maximumRetryAttempts", 0, 2, base.maximumRetryAttempts());
        int age = fields.integer("MaximumEventAgeInSeconds", "maximumEventAgeInSeconds", 60, 21_600,
                base.maximumEventAgeSeconds());
        JsonNode destinations = fields.node("DestinationConfig");
        String onFailure = destination(destinations, "OnFailure", fields, merge ? base.onFailure() : null);
        String onSuccess = destination(destinations, "OnSuccess", fields, merge ? base.onSuccess() : null);
        fields.throwIfInvalid();
        EventInvokeConfig config = new EventInvokeConfig(retries, age, onFailure, onSuccess, Instant.now());
        function.setEventInvokeConfig(config);
        return eventInvokeConfigJson(function, config);
    }

    private static String destination(JsonNode destinations, String kind, Fields fields, String fallback) {
        JsonNode node = destinations == null ? null : destinations.path(kind).get("Destination");
        if (node == null || node.isNull()) {
            return fallback;
        }
        String arn = node.asText();
        if (!arn.startsWith("arn:aws:sqs:") && !arn.startsWith("arn:aws:lambda:")) {
            fields.violation("destinationConfig." + kind.toLowerCase(java.util.Locale.ROOT) + ".destination", arn,
                    "Only SQS queue and Lambda function destinations are supported locally");
        }
        return arn;
    }

    private ObjectNode eventInvokeConfigJson(LambdaFunction function, EventInvokeConfig config) {
        ObjectNode json = Json.object();
        json.put("LastModified", config.lastModified().toEpochMilli() / 1000.0);
        json.put("FunctionArn", function.config().arn() + ":$LATEST");
        json.put("MaximumRetryAttempts", config.maximumRetryAttempts());
        json.put("MaximumEventAgeInSeconds", config.maximumEventAgeSeconds());
        ObjectNode destinations = json.putObject("DestinationConfig");
        if (config.onSuccess() != null) {
            destinations.putObject("OnSuccess").put("Destination", config.onSuccess());
        }
        if (config.onFailure() != null) {
            destinations.putObject("OnFailure").put("Destination", config.onFailure());
        }
        return json;
    }

    // ---- event source mappings ----

    private AwsResponse mappingRoute(String method, String uuid, AwsRequest request)
            throws LambdaException, IOException {
        if (uuid == null) {
            if (method.equals("POST")) {
                return json(202, mappingJson(createMapping(body(request)), "Creating"));
            }
            if (method.equals("GET")) {
                Map<String, String> query = query(request.rawQuery());
                String functionFilter = query.containsKey("FunctionName")
                        ? settings.functionArn(functionName(query.get("FunctionName"))) : null;
                ArrayNode list = Json.MAPPER.createArrayNode();
                mappings.values().stream()
                        .filter(m -> functionFilter == null || m.functionArn().equals(functionFilter))
                        .filter(m -> !query.containsKey("EventSourceArn")
                                || m.eventSourceArn().equals(query.get("EventSourceArn")))
                        .sorted(java.util.Comparator.comparing(m -> m.config().lastModified()))
                        .forEach(m -> list.add(mappingJson(m.config(), null)));
                return json(200, Json.object().set("EventSourceMappings", list));
            }
        } else {
            EventSourceMapping mapping = mappings.get(uuid);
            if (mapping == null) {
                throw new LambdaException(404, "ResourceNotFoundException",
                        "The resource you requested does not exist. (Service: Lambda, Status Code: 404)");
            }
            switch (method) {
                case "GET":
                    return json(200, mappingJson(mapping.config(), null));
                case "PUT":
                    return json(202, mappingJson(updateMapping(mapping, body(request)), null));
                case "DELETE":
                    mappings.remove(uuid);
                    mapping.close();
                    mappingsChanged();
                    return json(202, mappingJson(mapping.config(), "Deleting"));
                default:
                    break;
            }
        }
        throw new LambdaException(404, "UnknownOperationException", "Unknown operation " + method + " " + request.path());
    }

    private EventSourceMappingConfig createMapping(JsonNode body) throws LambdaException {
        Fields fields = new Fields(body);
        String functionName = fields.text("FunctionName", "functionName", true);
        String sourceArn = fields.text("EventSourceArn", "eventSourceArn", true);
        fields.throwIfInvalid();
        if (!sourceArn.startsWith("arn:aws:sqs:")) {
            throw LambdaException.invalidParameter("EventSourceArn: only SQS queues (arn:aws:sqs:...) are supported "
                    + "locally (given " + sourceArn + ")");
        }
        LambdaFunction function = function(functionName);
        QueueFacts queue = queue(sourceArn);
        EventSourceMappingConfig config = mappingConfig(fields, UUID.randomUUID().toString(), function, sourceArn,
                queue, null);
        EventSourceMapping mapping = new EventSourceMapping(config, sqs(), this::invokeForMapping, settings.region(),
                mappingScaler != null);
        mappings.put(config.uuid(), mapping);
        mappingsChanged();
        return config;
    }

    private EventSourceMappingConfig updateMapping(EventSourceMapping mapping, JsonNode body) throws LambdaException {
        Fields fields = new Fields(body);
        String functionName = fields.text("FunctionName", "functionName", false);
        fields.throwIfInvalid();
        EventSourceMappingConfig old = mapping.config();
        LambdaFunction function = function(functionName == null ? old.functionArn() : functionName);
        QueueFacts queue = queue(old.eventSourceArn());
        EventSourceMappingConfig config = mappingConfig(fields, old.uuid(), function, old.eventSourceArn(), queue, old);
        mapping.update(config);
        mappingsChanged();
        return config;
    }

    private record QueueFacts(String url, boolean fifo, int visibilityTimeout) {
    }

    private QueueFacts queue(String queueArn) throws LambdaException {
        try {
            String url = sqs().getQueueUrl(r -> r.queueName(lastSegment(queueArn))).queueUrl();
            Map<QueueAttributeName, String> attributes = sqs().getQueueAttributes(r -> r.queueUrl(url)
                    .attributeNames(QueueAttributeName.VISIBILITY_TIMEOUT, QueueAttributeName.FIFO_QUEUE)).attributes();
            return new QueueFacts(url, Boolean.parseBoolean(attributes.getOrDefault(QueueAttributeName.FIFO_QUEUE, "false"))
                    || queueArn.endsWith(".fifo"),
                    Integer.parseInt(attributes.getOrDefault(QueueAttributeName.VISIBILITY_TIMEOUT, "30")));
        } catch (SqsException e) {
            throw LambdaException.invalidParameter("Error occurred while ReceiveMessage. SQS Error Code: "
                    + (e.awsErrorDetails() == null ? "unknown" : e.awsErrorDetails().errorCode())
                    + ". Queue " + queueArn + " could not be read");
        }
    }

    private EventSourceMappingConfig mappingConfig(Fields fields, String uuid, LambdaFunction function,
                                                   String sourceArn, QueueFacts queue, EventSourceMappingConfig old)
            throws LambdaException {
        int batchSize = fields.integer("BatchSize", "batchSize", 1, queue.fifo() ? 10 : 10_000,
                old == null ? 10 : old.batchSize());
        int window = fields.integer("MaximumBatchingWindowInSeconds", "maximumBatchingWindowInSeconds", 0, 300,
                old == null ? 0 : old.batchingWindowSeconds());
        boolean enabled = fields.bool("Enabled", "enabled", old == null || old.enabled());
        Integer maximumConcurrency = old == null ? null : old.maximumConcurrency();
        JsonNode scaling = fields.node("ScalingConfig");
        if (scaling != null) {
            JsonNode given = scaling.get("MaximumConcurrency");
            if (given == null || given.isNull()) {
                maximumConcurrency = null;
            } else if (!given.isInt() || given.asInt() < 2 || given.asInt() > 1000) {
                fields.violation("scalingConfig.maximumConcurrency", given, "Member must be an integer between 2 and 1000");
            } else {
                maximumConcurrency = given.asInt();
            }
        }
        boolean reportFailures = old != null && old.reportBatchItemFailures();
        JsonNode types = fields.node("FunctionResponseTypes");
        if (types != null) {
            reportFailures = false;
            for (JsonNode type : types) {
                if (type.asText().equals("ReportBatchItemFailures")) {
                    reportFailures = true;
                } else {
                    fields.violation("functionResponseTypes", type.asText(), "Member must be ReportBatchItemFailures");
                }
            }
        }
        fields.throwIfInvalid();
        if (queue.fifo() && window > 0) {
            throw LambdaException.invalidParameter("MaximumBatchingWindowInSeconds is not supported for FIFO queues (given "
                    + window + ")");
        }
        if (batchSize > 10 && window < 1) {
            throw LambdaException.invalidParameter("Maximum batch window in seconds must be greater than 0 if maximum "
                    + "batch size is greater than 10 (BatchSize " + batchSize + ")");
        }
        int timeout = function.config().timeoutSeconds();
        if (timeout > queue.visibilityTimeout()) {
            throw LambdaException.invalidParameter("Queue visibility timeout: " + queue.visibilityTimeout()
                    + " seconds is less than Function timeout: " + timeout + " seconds");
        }
        return new EventSourceMappingConfig(uuid, function.config().arn(), sourceArn, queue.url(), queue.fifo(),
                batchSize, window, enabled, reportFailures, maximumConcurrency, Instant.now());
    }

    private InvocationResult invokeForMapping(String functionArn, byte[] payload)
            throws LambdaException, InterruptedException {
        return function(functionArn).invoke(payload, Duration.ofSeconds(60));
    }

    private ObjectNode mappingJson(EventSourceMappingConfig config, String stateOverride) {
        ObjectNode json = Json.object();
        json.put("UUID", config.uuid());
        json.put("BatchSize", config.batchSize());
        json.put("MaximumBatchingWindowInSeconds", config.batchingWindowSeconds());
        json.put("EventSourceArn", config.eventSourceArn());
        json.put("FunctionArn", config.functionArn());
        json.put("LastModified", config.lastModified().toEpochMilli() / 1000.0);
        json.put("State", stateOverride != null ? stateOverride : config.enabled() ? "Enabled" : "Disabled");
        json.put("StateTransitionReason", "USER_INITIATED");
        ArrayNode types = json.putArray("FunctionResponseTypes");
        if (config.reportBatchItemFailures()) {
            types.add("ReportBatchItemFailures");
        }
        if (config.maximumConcurrency() != null) {
            json.putObject("ScalingConfig").put("MaximumConcurrency", config.maximumConcurrency());
        }
        return json;
    }

    // ---- JSON of functions ----

    private ObjectNode functionJson(LambdaFunction function) {
        ObjectNode json = Json.object();
        json.set("Configuration", configJson(function.config()));
        json.putObject("Code").put("RepositoryType", "S3")
                .put("Location", function.config().taskRoot().toUri().toString());
        if (function.reservedConcurrency() != null) {
            json.putObject("Concurrency").put("ReservedConcurrentExecutions", function.reservedConcurrency());
        }
        return json;
    }

    private ObjectNode configJson(FunctionConfig config) {
        ObjectNode json = Json.object();
        json.put("FunctionName", config.name());
        json.put("FunctionArn", config.arn());
        json.put("Runtime", config.runtime());
        json.put("Role", config.role());
        json.put("Handler", config.handler());
        json.put("CodeSize", config.codeSize());
        json.put("Description", config.description());
        json.put("Timeout", config.timeoutSeconds());
        json.put("MemorySize", config.memoryMb());
        json.put("LastModified", LAST_MODIFIED.format(config.lastModified()));
        json.put("CodeSha256", config.codeSha256());
        json.put("Version", "$LATEST");
        if (!config.variables().isEmpty()) {
            ObjectNode variables = json.putObject("Environment").putObject("Variables");
            config.variables().forEach(variables::put);
        }
        json.putObject("TracingConfig").put("Mode", "PassThrough");
        json.put("RevisionId", config.revisionId());
        json.put("State", "Active");
        json.put("LastUpdateStatus", "Successful");
        json.put("PackageType", "Zip");
        json.putArray("Architectures").add("x86_64");
        json.putObject("EphemeralStorage").put("Size", 512);
        json.putObject("LoggingConfig").put("LogFormat", "Text").put("LogGroup", "/aws/lambda/" + config.name());
        return json;
    }

    // ---- helpers ----

    private LambdaFunction function(String nameOrArn) throws LambdaException {
        String name = functionName(nameOrArn);
        LambdaFunction function = functions.get(name);
        if (function == null) {
            throw LambdaException.functionNotFound(settings.functionArn(name));
        }
        return function;
    }

    /** The name in a name, {@code name:qualifier}, a full ARN or a partial ARN ({@code account:function:name}). */
    static String functionName(String nameOrArn) {
        String rest = nameOrArn;
        int marker = rest.indexOf("function:");
        if (marker >= 0) {
            rest = rest.substring(marker + "function:".length());
        }
        int colon = rest.indexOf(':');
        return colon < 0 ? rest : rest.substring(0, colon);
    }

    private static void checkQualifier(String nameOrArn, AwsRequest request) throws LambdaException {
        String rest = nameOrArn.contains("function:") ? nameOrArn.substring(nameOrArn.indexOf("function:") + 9) : nameOrArn;
        String qualifier = rest.contains(":") ? rest.substring(rest.indexOf(':') + 1) : query(request.rawQuery()).get("Qualifier");
        if (qualifier != null && !qualifier.equals("$LATEST")) {
            throw new LambdaException(404, "ResourceNotFoundException",
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

    private static String lastSegment(String arn) {
        return arn.substring(arn.lastIndexOf(':') + 1);
    }

    private static JsonNode body(AwsRequest request) throws IOException {
        if (request.body() == null || request.body().length == 0) {
            return Json.object();
        }
        return Json.MAPPER.readTree(request.body());
    }

    private SqsClient sqs() {
        if (sqs == null) {
            synchronized (this) {
                if (sqs == null) {
                    sqs = SqsClient.builder()
                            .endpointOverride(settings.sqsEndpoint())
                            .region(Region.of(settings.region()))
                            .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                            .httpClientBuilder(UrlConnectionHttpClient.builder()
                                    .socketTimeout(Duration.ofSeconds(30)))
                            .build();
                }
            }
        }
        return sqs;
    }

    private void reapIdle() {
        functions.values().forEach(function -> {
            try {
                function.environments().reapIdle(idleTimeout);
            } catch (RuntimeException e) {
                System.err.println("[lambda] reaping " + function.config().name() + ": " + e);
            }
        });
    }

    private static AwsResponse json(int status, JsonNode body) {
        return new AwsResponse(status, "application/json", Json.bytes(body), Map.of());
    }

    private static AwsResponse empty(int status) {
        return new AwsResponse(status, "application/json", new byte[0], Map.of());
    }

    private static AwsResponse error(LambdaException e) {
        ObjectNode body = Json.object().put("Type", "User").put("Message", e.getMessage()).put("__type", e.type());
        if (e.status() == 429) {
            body.put("Reason", "ReservedFunctionConcurrentInvocationLimitExceeded");
        }
        return json(e.status(), body).withHeader("x-amzn-ErrorType", e.type());
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
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
        background.shutdown();
        if (sqs != null) {
            sqs.close();
        }
    }
}
