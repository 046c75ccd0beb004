package dev.sluice.local.lambda.runtime;

import dev.sluice.local.edge.AwsError;
import dev.sluice.local.faults.Fault;
import dev.sluice.local.faults.FaultAction;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** One function: its current configuration, its environments, its resource policy and async settings. */
public final class LambdaFunction {

    private volatile FunctionConfig config;
    private final FunctionEnvironments environments;
    private Integer reservedConcurrency;
    private volatile EventInvokeConfig eventInvokeConfig = EventInvokeConfig.DEFAULT;
    private volatile boolean eventInvokeConfigured;
    private final Map<String, ObjectNode> policyStatements = new LinkedHashMap<>();
    private volatile AsyncInvocations async;
    private final java.util.concurrent.atomic.AtomicLong invocations = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong errors = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong throttles = new java.util.concurrent.atomic.AtomicLong();
    private volatile FunctionError lastError;
    /** The faults declared with {@code sluice chaos}, asked before every invocation. */
    private final InvocationFaults faults;

    LambdaFunction(FunctionConfig config,
                   java.util.function.BiFunction<FunctionConfig, java.util.function.BooleanSupplier,
                           ExecutionEnvironment> factory,
                   java.util.concurrent.Executor background, InvocationFaults faults) {
        this.config = config;
        this.faults = faults;
        this.environments = new FunctionEnvironments(() -> this.config, factory, background);
    }

    public FunctionConfig config() {
        return config;
    }

    public FunctionEnvironments environments() {
        return environments;
    }

    /** New configuration or code: later invocations get environments of the new version. */
    public void update(FunctionConfig newConfig) {
        config = newConfig;
        environments.retire();
    }

    public synchronized Integer reservedConcurrency() {
        return reservedConcurrency;
    }

    public synchronized void setReservedConcurrency(Integer reserved) {
        reservedConcurrency = reserved;
        environments.setMaximum(reserved == null ? Integer.MAX_VALUE : reserved);
    }

    public EventInvokeConfig eventInvokeConfig() {
        return eventInvokeConfig;
    }

    /** The configuration set by PutFunctionEventInvokeConfig, or null (defaults apply). */
    public EventInvokeConfig configuredEventInvokeConfig() {
        return eventInvokeConfigured ? eventInvokeConfig : null;
    }

    public void setEventInvokeConfig(EventInvokeConfig config) {
        eventInvokeConfigured = config != null;
        eventInvokeConfig = config == null ? EventInvokeConfig.DEFAULT : config;
    }

    void setAsync(AsyncInvocations async) {
        this.async = async;
    }

    public Map<String, ObjectNode> policyStatements() {
        return policyStatements;
    }

    /**
     * Runs one invocation in a warm or new environment, under a new request id.
     *
     * @param waitForEnvironment how long to wait for a free environment when at the maximum (zero: throttle at once)
     */
    public InvocationResult invoke(byte[] payload, Duration waitForEnvironment) throws InterruptedException {
        return invoke(UUID.randomUUID().toString(), payload, waitForEnvironment);
    }

    /**
     * Runs one invocation in a warm or new environment under {@code requestId} (an asynchronous event keeps its
     * request id over its retries, as on AWS).
     *
     * @param waitForEnvironment how long to wait for a free environment when at the maximum (zero: throttle at once)
     */
    public InvocationResult invoke(String requestId, byte[] payload, Duration waitForEnvironment)
            throws InterruptedException {
        return invoke(requestId, payload, waitForEnvironment, StartSlots.WaitListener.NONE);
    }

    /**
     * Like {@link #invoke(String, byte[], Duration)}; {@code listener} hears when the invocation waits for an
     * environment to start (a {@link StartSlots start slot}, or a pre-warmed environment still starting), so that an
     * event source mapping can keep its batch invisible meanwhile.
     */
    public InvocationResult invoke(String requestId, byte[] payload, Duration waitForEnvironment,
                                   StartSlots.WaitListener listener) throws InterruptedException {
        Fault fault = faults.next(config.name());
        if (fault != null && fault.kind() == FaultAction.THROTTLE) {
            throttles.incrementAndGet();
            throw InvocationFaults.throttled(fault);
        }
        if (fault != null && InvocationFaults.replaces(fault, config)) {
            InvocationResult result = null;
            try {
                result = faults.result(fault, config, requestId);
                return result;
            } finally {
                count(requestId, result);
            }
        }
        if (fault != null && fault.kind() == FaultAction.DELAY) {
            Thread.sleep(fault.delayMillis()); // before an environment is taken, like a slow start
        }
        ExecutionEnvironment environment = waitForEnvironment.isZero()
                ? environments.tryAcquire() : environments.acquire(waitForEnvironment, listener);
        if (environment == null) {
            throttles.incrementAndGet();
            throw new AwsError(429, "TooManyRequestsException",
                    "Rate Exceeded. (ReservedFunctionConcurrentInvocationLimitExceeded)")
                    .withField("Reason", "ReservedFunctionConcurrentInvocationLimitExceeded");
        }
        InvocationResult result = null;
        try {
            result = environment.run(requestId, payload, listener,
                    fault != null && fault.kind() == FaultAction.KILL);
            return result;
        } finally {
            environments.release(environment);
            count(requestId, result);
        }
    }

    private void count(String requestId, InvocationResult result) {
        invocations.incrementAndGet();
        if (result == null || result.failed()) {
            errors.incrementAndGet();
            lastError = result == null
                    ? new FunctionError("Runtime.Unknown", "the invocation ended without a result", Instant.now(),
                            requestId)
                    : FunctionError.of(result, Instant.now());
        }
    }

    /** Queues one asynchronous ("Event") invocation; returns its request id. */
    public String invokeAsync(byte[] payload) {
        return async.submit(payload);
    }

    /**
     * Deletes this function's unpacked code versions under {@code workDir} that are neither its current code nor run by
     * an environment still (UpdateFunctionCode leaves the old version to the environments that run it).
     */
    public int deleteUnusedCode(java.nio.file.Path workDir) {
        java.nio.file.Path current = config.taskRoot();
        return FunctionCode.deleteUnused(workDir, config.name(),
                task -> task.equals(current) || environments.uses(task));
    }

    /** Takes back an asynchronous event kept by an earlier run of the local cloud. */
    public void restoreAsync(long journalId, com.fasterxml.jackson.databind.JsonNode event) {
        async.restore(journalId, event);
    }

    /** Asynchronous events accepted and not done yet (queued, running or waiting for a retry). */
    public int asyncOutstanding() {
        return async.outstanding();
    }

    /** Asynchronous events running now. */
    public int asyncRunning() {
        return async.running();
    }

    /** Starts no more asynchronous events (shutting down); those running finish. */
    public void stopAsync() {
        async.stop();
    }

    /** Stops environments idle longer than {@code idleTimeout}, keeping the minimum warm. */
    public void reapIdle(Duration idleTimeout) {
        environments.reapIdle(idleTimeout);
    }

    public FunctionStats stats() {
        return new FunctionStats(invocations.get(), errors.get(), throttles.get(), lastError);
    }

    public void close() {
        environments.close();
    }
}
