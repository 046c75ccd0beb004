package dev.sluice.local.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.local.core.Arn;
import dev.sluice.local.core.DaemonThreads;
import dev.sluice.local.core.Json;
import dev.sluice.local.core.LocalClients;
import dev.sluice.local.edge.AwsRequest;
import dev.sluice.local.edge.AwsResponse;
import dev.sluice.local.edge.Claim;
import dev.sluice.local.edge.EdgeService;
import dev.sluice.local.lambda.api.LambdaApi;
import dev.sluice.local.lambda.eventsource.EventSourceMapping;
import dev.sluice.local.lambda.runtime.FunctionEnvironments;
import dev.sluice.local.lambda.runtime.AsyncDelivery;
import dev.sluice.local.lambda.runtime.FunctionRuntime;
import dev.sluice.local.lambda.runtime.FunctionStats;
import dev.sluice.local.lambda.runtime.LambdaFunction;
import dev.sluice.local.lambda.runtime.LambdaSettings;
import dev.sluice.local.logs.LogStore;
import dev.sluice.local.state.PendingWork;
import dev.sluice.local.state.StateException;
import dev.sluice.local.state.StateStore;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
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
 * The local Lambda service: the functions and event source mappings, AWS's Lambda REST API over them, and
 * {@link AsyncInvoker} for EventBridge. This class keeps the registry and runs the lifecycle; its parts live in three
 * packages, as in LocalStack's {@code lambda_}: {@code api} (the REST actions and JSON shapes, {@link LambdaApi}),
 * {@code runtime} (execution environments under the runtime interface client, the Runtime API, class-data archives,
 * the JDK, asynchronous invocations: {@link FunctionRuntime}) and {@code eventsource} (SQS pollers, the SQS event,
 * partial batch responses: {@link EventSourceMapping}).
 *
 * <p>Status for an autoscaler: {@link #functionNames()}, {@link #environments(String)} (running, busy,
 * setMinimumWarm), {@link #eventSourceMappings()} (stats, setConcurrency).
 *
 * <p>Every execution environment writes its log stream into {@link #logs()} (log group {@code /aws/lambda/<name>}),
 * which the local CloudWatch Logs serves.
 */
public final class LambdaService implements EdgeService, AsyncInvoker, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LambdaService.class);

    /** The state document of functions and mappings, and the kind of kept asynchronous events. */
    private static final String DOCUMENT = "lambda";
    private static final String ASYNC_EVENTS = "lambda-async";

    private final LambdaSettings settings;
    private final Map<String, LambdaFunction> functions = new ConcurrentHashMap<>();
    private final Map<String, EventSourceMapping> mappings = new ConcurrentHashMap<>();
    private final ExecutorService background = Executors.newCachedThreadPool(DaemonThreads.factory("lambda-background"));
    private final ExecutorService asyncWorkers = Executors.newCachedThreadPool(DaemonThreads.factory("lambda-async"));
    private final ScheduledExecutorService scheduler =
            Executors.newSingleThreadScheduledExecutor(DaemonThreads.factory("lambda-timer"));
    private final SqsClient sqs;
    private final boolean ownsSqs;
    private volatile Duration idleTimeout = Duration.ofMinutes(5);
    private volatile List<Duration> retryDelays = List.of(Duration.ofMinutes(1), Duration.ofMinutes(2));
    private volatile Runnable mappingScaler;
    private final FunctionRuntime runtime;
    private final LambdaApi api;
    private final LogStore logs;
    /** Where functions and mappings are kept (null: in memory only), and the lock that orders their snapshots. */
    private volatile StateStore state;
    private final Object saving = new Object();

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
        this.logs = new LogStore(settings.context());
        this.runtime = new FunctionRuntime(settings, background,
                new AsyncDelivery(asyncWorkers, scheduler, () -> retryDelays, new DestinationSender(sqs, this)), logs);
        this.api = new LambdaApi(settings, functions, mappings, background, runtime::newFunction, sqs,
                () -> mappingScaler);
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

    /** The functions' logs: one group per function, one stream per execution environment. */
    public LogStore logs() {
        return logs;
    }

    /** Invocation counters of a function (by name or ARN). */
    public FunctionStats stats(String functionNameOrArn) {
        LambdaFunction function = functions.get(Arn.functionName(functionNameOrArn));
        if (function == null) {
            throw new NoSuchElementException("Function not found: " + functionNameOrArn);
        }
        return function.stats();
    }

    /** A function's reserved concurrency (by name or ARN), or null when none is set. */
    public Integer reservedConcurrency(String functionNameOrArn) {
        LambdaFunction function = functions.get(Arn.functionName(functionNameOrArn));
        if (function == null) {
            throw new NoSuchElementException("Function not found: " + functionNameOrArn);
        }
        return function.reservedConcurrency();
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

    /**
     * How many execution environments of this service run their init at once (default
     * {@link dev.sluice.local.lambda.runtime.StartSlots#defaultLimit()}: the machine's cores, at least 2); the others
     * wait for a slot, their init budget not yet running.
     */
    public void setConcurrentInits(int limit) {
        runtime.startSlots().setLimit(limit);
    }

    /** The init slots shared by every environment (limit, in use, waiting). */
    public dev.sluice.local.lambda.runtime.StartSlots startSlots() {
        return runtime.startSlots();
    }

    /**
     * Lets {@code faults} change this service's invocations from now on (see {@code dev.sluice.local.faults}); null
     * turns fault injection off.
     */
    public void injectFaults(dev.sluice.local.faults.Faults faults) {
        runtime.injectFaults(faults);
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
        if (payload.length > LambdaApi.ASYNC_PAYLOAD_LIMIT) {
            throw new DeliveryException("Payload of " + payload.length + " bytes exceeds the asynchronous invoke limit"
                    + " of " + LambdaApi.ASYNC_PAYLOAD_LIMIT + " bytes");
        }
        function.invokeAsync(payload);
    }

    // ---- EdgeService ----

    @Override
    public List<Claim> claims() {
        return LambdaApi.claims();
    }

    /** Every Lambda API body is JSON, Invoke's payload included (AWS answers a non-JSON payload with 400). */
    @Override
    public boolean readsJson(AwsRequest request) {
        return true;
    }

    @Override
    public long maxBodyBytes(AwsRequest head) {
        return LambdaApi.maxBodyBytes(head);
    }

    @Override
    public AwsResponse handle(AwsRequest request) throws IOException {
        AwsResponse response = api.handle(request);
        if (state != null && LambdaApi.changes(request)) {
            save(); // on disk before the caller hears of the change
        }
        return response;
    }

    // ---- state ----

    /**
     * Keeps the functions, event source mappings and accepted asynchronous events in {@code store} from now on, after
     * putting back what it holds from an earlier run (restored mappings start polling; restored events run when due).
     * Call once, before the service is reachable and after an autoscaler took the mappings
     * ({@link #scaleMappingsWith}).
     */
    public void persistTo(StateStore store) {
        PendingWork journal = new PendingWork(store, ASYNC_EVENTS);
        runtime.keepAsyncEventsIn(journal);
        int[] restored = store.document(DOCUMENT).map(text -> api.restore(read(text, store)))
                .orElse(new int[] {0, 0});
        int events = 0;
        for (StateStore.Pending pending : journal.kept()) {
            JsonNode event = read(pending.json(), store);
            LambdaFunction function = functions.get(event.path("function").asText());
            if (function == null) {
                LOG.warn("Asynchronous event {} is dropped: its function {} is not there",
                        event.path("requestId").asText(), event.path("function").asText());
                journal.forget(pending.id());
                continue;
            }
            function.restoreAsync(pending.id(), event);
            events++;
        }
        state = store;
        if (restored[0] + restored[1] + events > 0) {
            LOG.info("Restored {} function(s), {} event source mapping(s) and {} asynchronous event(s) from {}",
                    restored[0], restored[1], events, store.file());
            Runnable scaler = mappingScaler;
            if (scaler != null && restored[1] > 0) {
                scaler.run();
            }
        }
    }

    private void save() {
        java.util.concurrent.CompletableFuture<Void> written;
        synchronized (saving) { // snapshots reach the store in the order they were taken
            written = state.putDocument(DOCUMENT, Json.write(api.snapshot()));
        }
        StateStore.await(written);
    }

    private static JsonNode read(String text, StateStore store) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (IOException e) {
            throw new StateException("the Lambda resources in " + store.file() + " cannot be read ("
                    + e.getMessage() + "); start fresh with 'sluice local up --fresh'", e);
        }
    }

    // ---- stopping ----

    /** What a clean stop did: batches and asynchronous events that finished, or were left for later. */
    public record StopCounts(int batchesFinished, int batchesReturned, int asyncEventsLeft) {
    }

    /**
     * The first half of a clean stop: mappings stop polling and functions start no more asynchronous events; then
     * waits for the batches and events in flight, each mapping up to min(its function's timeout, {@code bound}).
     * Batches still running then are given back to their queues (their messages visible at once). Events not done
     * stay accepted: kept in the state store for the next start, if there is one. {@link #close()} comes next.
     */
    public StopCounts stop(Duration bound) {
        List<EventSourceMapping> all = List.copyOf(mappings.values());
        all.forEach(EventSourceMapping::stopPolling);
        functions.values().forEach(LambdaFunction::stopAsync);
        long start = System.nanoTime();
        long longest = 0;
        for (EventSourceMapping mapping : all) {
            longest = Math.max(longest, waitBound(mapping.functionArn(), bound).toNanos());
        }
        int finished = 0;
        int returned = 0;
        while (true) {
            long elapsed = System.nanoTime() - start;
            boolean busy = false;
            for (EventSourceMapping mapping : all) {
                if (mapping.inFlightBatches() > 0 && elapsed < waitBound(mapping.functionArn(), bound).toNanos()) {
                    busy = true;
                }
            }
            for (LambdaFunction function : functions.values()) {
                if (function.asyncRunning() > 0 && elapsed < Math.min(bound.toNanos(),
                        Duration.ofSeconds(function.config().timeoutSeconds()).toNanos())) {
                    busy = true;
                }
            }
            if (!busy || elapsed > longest + bound.toNanos()) {
                break;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        for (EventSourceMapping mapping : all) {
            finished += mapping.batchesFinishedSinceStop();
            returned += mapping.returnInFlight();
        }
        int left = functions.values().stream().mapToInt(LambdaFunction::asyncOutstanding).sum();
        return new StopCounts(finished, returned, left);
    }

    private Duration waitBound(String functionArn, Duration bound) {
        LambdaFunction function = functions.get(Arn.functionName(functionArn));
        if (function == null) {
            return Duration.ZERO;
        }
        Duration timeout = Duration.ofSeconds(function.config().timeoutSeconds());
        return timeout.compareTo(bound) < 0 ? timeout : bound;
    }

    // ---- lifecycle ----

    private void reapIdle() {
        functions.values().forEach(function -> {
            try {
                function.reapIdle(idleTimeout);
                function.deleteUnusedCode(settings.workDir());
            } catch (RuntimeException e) {
                LOG.warn("Reaping idle environments of {} failed", function.config().name(), e);
            }
        });
    }

    @Override
    public void close() {
        mappings.values().forEach(EventSourceMapping::close);
        mappings.clear();
        scheduler.shutdownNow();
        asyncWorkers.shutdownNow();
        List<LambdaFunction> all = new ArrayList<>(functions.values());
        functions.clear();
        all.forEach(LambdaFunction::close);
        runtime.close(); // a cache still being made for this cloud's code
        background.shutdown();
        if (ownsSqs) {
            sqs.close();
        }
    }
}
