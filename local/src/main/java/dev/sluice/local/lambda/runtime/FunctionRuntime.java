package dev.sluice.local.lambda.runtime;

import dev.sluice.local.faults.Faults;
import dev.sluice.local.logs.LogStore;
import dev.sluice.local.state.PendingWork;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.Executor;

/**
 * How the functions of one Lambda service run: each gets its execution environments (JVMs under AWS's runtime
 * interface client, located once) and its queue of asynchronous invocations, whose records go to
 * {@link Destinations}; every environment writes its log stream to the {@link LogStore}. The service owns the threads
 * it is given.
 */
public final class FunctionRuntime {

    /**
     * Where an asynchronous invocation's record goes (OnSuccess, OnFailure: an SQS queue or a function, by ARN), and a
     * failed event (the function's DeadLetterConfig: an SQS queue).
     */
    public interface Destinations {
        void deliver(String destinationArn, byte[] record) throws Exception;

        /** Sends {@code event} unchanged to the SQS queue {@code queueArn}, with Lambda's message attributes. */
        void deadLetter(String queueArn, byte[] event, DeadLetter letter) throws Exception;
    }

    /**
     * Why an event went to the function's dead-letter queue, as Lambda's message attributes say it.
     *
     * @param requestId    {@code RequestID} (String)
     * @param errorCode    {@code ErrorCode} (Number): the 3-digit HTTP status of the last attempt (200 for a function
     *                     error, 429 for a throttle)
     * @param errorMessage {@code ErrorMessage} (String): the error's message, at most 1 KB
     */
    public record DeadLetter(String requestId, int errorCode, String errorMessage) {
    }

    /** AWS gives init 10 s, then retries it within the function's timeout. */
    private static final Duration INIT_BUDGET = Duration.ofSeconds(10);
    /** How long an asynchronous invocation waits for an environment before it is retried as a throttle. */
    private static final Duration ASYNC_WAIT = Duration.ofSeconds(30);

    private final LambdaSettings settings;
    private final Executor background;
    private final AsyncDelivery async;
    private final LogStore logs;
    private volatile RuntimeInterfaceClient client;
    private volatile PendingWork asyncJournal = PendingWork.NONE;
    private final StartSlots startSlots = new StartSlots(StartSlots.defaultLimit());
    private volatile Faults faults;

    /**
     * @param background starts and stops environments
     * @param async      runs asynchronous invocations and their retries, and delivers their outcomes
     * @param logs       where the environments' log streams go
     */
    public FunctionRuntime(LambdaSettings settings, Executor background, AsyncDelivery async, LogStore logs) {
        this.settings = settings;
        this.background = background;
        this.async = async;
        this.logs = logs;
    }

    /** A function of {@code config}, with no environment yet. */
    public LambdaFunction newFunction(FunctionConfig config) {
        LambdaFunction function = new LambdaFunction(config, this::newEnvironment, background,
                new InvocationFaults(() -> faults, logs));
        function.setAsync(new AsyncInvocations(config.arn(), new AsyncInvocations.Target() {
            @Override
            public InvocationResult invoke(String requestId, byte[] payload) throws InterruptedException {
                return function.invoke(requestId, payload, ASYNC_WAIT);
            }

            @Override
            public EventInvokeConfig eventInvokeConfig() {
                return function.eventInvokeConfig();
            }

            @Override
            public void deliver(String destinationArn, byte[] record) throws Exception {
                async.destinations().deliver(destinationArn, record);
            }

            @Override
            public String deadLetterArn() {
                return function.config().deadLetterArn();
            }

            @Override
            public void deadLetter(String queueArn, byte[] event, DeadLetter letter) throws Exception {
                async.destinations().deadLetter(queueArn, event, letter);
            }
        }, async, asyncJournal));
        return function;
    }

    /** The init slots every environment of this service shares ({@link StartSlots#setLimit(int)}). */
    public StartSlots startSlots() {
        return startSlots;
    }

    /** The faults every function asks before each invocation (null: none); see {@code dev.sluice.local.faults}. */
    public void injectFaults(Faults declared) {
        this.faults = declared;
    }

    /** Where functions made from now on keep their accepted asynchronous events until they are done. */
    public void keepAsyncEventsIn(PendingWork journal) {
        this.asyncJournal = journal;
    }

    /** Kills the AOT cache steps still running for this service's code (its functions are closed by the service). */
    public void close() {
        AotCacheAssembly.killUnder(settings.workDir());
    }

    private ExecutionEnvironment newEnvironment(FunctionConfig config, java.util.function.BooleanSupplier functionReady) {
        return new ExecutionEnvironment(config, settings, client(), INIT_BUDGET.plusSeconds(config.timeoutSeconds()),
                logs, startSlots, functionReady);
    }

    private RuntimeInterfaceClient client() {
        if (client == null) {
            synchronized (this) {
                if (client == null) {
                    try {
                        Files.createDirectories(settings.workDir());
                        EnvironmentFolder.deleteStale(settings.workDir()); // what a killed local cloud left
                        client = RuntimeInterfaceClient.locate(settings.workDir());
                    } catch (IOException e) {
                        throw new IllegalStateException("Could not prepare the runtime interface client: "
                                + e.getMessage(), e);
                    }
                }
            }
        }
        return client;
    }
}
