package dev.sluice.local.lambda.runtime;

import dev.sluice.local.core.Json;
import dev.sluice.local.core.LocalClients;
import dev.sluice.local.lambda.runtime.PlatformLines.Status;
import dev.sluice.local.logs.LogStore;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One execution environment: a separate JVM running the function's code under AWS's runtime interface client, as the
 * java21 managed runtime does, talking to its own {@link RuntimeApi}. Runs one invocation at a time. It is stopped when
 * an invocation passes the function timeout, and it is unusable once its process has exited. Its output and Lambda's
 * own lines (START, END, REPORT, failures) go to its log stream ({@link EnvironmentLog}).
 */
final class ExecutionEnvironment {

    private static final Logger LOG = LoggerFactory.getLogger(ExecutionEnvironment.class);
    private static final DateTimeFormatter STREAM_DATE = DateTimeFormatter.ofPattern("yyyy/MM/dd");
    /** Dumping a framework's classes (Quarkus: about 10,000) takes a second or two on a busy machine. */
    private static final Duration ARCHIVE_DUMP_WAIT = Duration.ofSeconds(20);
    /**
     * After answering, the runtime asks for its next invocation at once (the RIC logs a function error first): it
     * gets the rest of the invocation's time for that, and at least this long.
     */
    private static final long RUNTIME_DONE_WAIT_MILLIS = 1000;

    private final FunctionConfig config;
    private final LambdaSettings settings;
    private final RuntimeInterfaceClient client;
    private final Duration initBudget;
    private final EnvironmentLog log;
    private final ClassDataArchive archive;
    private final StartSlots startSlots;
    private final java.util.function.BooleanSupplier functionReady;
    private ClassDataArchive.Use archiveUse;
    private volatile RuntimeApi api;
    private EnvironmentFolder folder;
    private Process process;
    private volatile List<String> commandLine = List.of();
    private volatile boolean stopped;
    private volatile long lastUsedNanos = System.nanoTime();
    /** The init's duration until the first invocation reports it (a cold start), then null. */
    private Double pendingInitMillis;
    /** How the process exited during init ({@code exit status 1}), for the failed invocation's log; else null. */
    private String initExit;
    private boolean initTimedOut;

    ExecutionEnvironment(FunctionConfig config, LambdaSettings settings, RuntimeInterfaceClient client,
                         Duration initBudget, LogStore logs, StartSlots startSlots,
                         java.util.function.BooleanSupplier functionReady) {
        this.config = config;
        this.startSlots = startSlots;
        this.functionReady = functionReady;
        this.settings = settings;
        this.client = client;
        this.initBudget = initBudget;
        this.log = new EnvironmentLog(config.name(), logs, LocalDate.now(ZoneOffset.UTC).format(STREAM_DATE)
                + "/[$LATEST]" + UUID.randomUUID().toString().replace("-", ""));
        ClassDataArchive.Kind kind = ClassDataArchive.kindFor(config.jdk());
        this.archive = kind == null ? null : ClassDataArchive.of(kind, config.taskRoot(), settings.workDir(),
                config.jdk());
    }

    FunctionConfig config() {
        return config;
    }

    boolean started() {
        return process != null;
    }

    /** True until the process exited or the environment was stopped. */
    boolean usable() {
        return !stopped && (process == null || process.isAlive());
    }

    /** Init done and the process still running: it takes invocations. */
    boolean ready() {
        RuntimeApi started = api;
        return started != null && started.ready.isDone() && usable();
    }

    long pid() {
        return process == null ? -1 : process.pid();
    }

    long idleNanos() {
        return System.nanoTime() - lastUsedNanos;
    }

    /**
     * Runs one invocation, starting the environment first when it is new (a cold start, whose init then counts into
     * the invocation and its log). {@code listener} hears when the cold start waits for a {@link StartSlots start
     * slot}.
     */
    InvocationResult run(String requestId, byte[] payload, StartSlots.WaitListener listener) {
        return run(requestId, payload, listener, false);
    }

    /**
     * Runs one invocation; with {@code killWhenTaken} (a {@code kill} fault) the process is killed (SIGKILL) the moment
     * its runtime takes the invocation, before the event reaches the handler: the invocation ends as a crash does on
     * AWS ({@code Runtime.ExitError}, "signal: killed") and the environment is gone.
     */
    InvocationResult run(String requestId, byte[] payload, StartSlots.WaitListener listener, boolean killWhenTaken) {
        long begun = System.nanoTime();
        log.beginTail();
        if (!started()) {
            InvocationResult failure = start(true, listener);
            if (failure != null) {
                log.start(requestId);
                List<String> lines = new ArrayList<>();
                if (initExit != null) {
                    lines.add(PlatformLines.runtimeExited(requestId, initExit, PlatformLines.EXIT_ERROR));
                }
                lines.add(PlatformLines.end(requestId));
                lines.add(PlatformLines.report(requestId, millisSince(begun), config.memoryMb(), OptionalInt.empty(),
                        null, Status.error(failure.errorType())));
                return failure.of(requestId, log.finish(lines, true));
            }
        }
        return invoke(requestId, payload, killWhenTaken);
    }

    /**
     * Starts the JVM ahead of any invocation (pre-warming) and waits until the runtime asks for its first invocation.
     *
     * @return null when ready, else the init failure
     */
    InvocationResult start() {
        return start(false, StartSlots.WaitListener.NONE);
    }

    /**
     * Starts the JVM and waits until the runtime asks for its first invocation (init done). Writes INIT_START, and
     * INIT_REPORT when init fails or when it ran ahead of any invocation (otherwise the first REPORT carries the init
     * duration, as on a cold start). Init begins when a {@link StartSlots start slot} is granted: the wait for one
     * counts neither into the init budget nor into the init duration.
     *
     * @return null when ready, else the init failure to report as the invocation's result
     */
    private InvocationResult start(boolean forInvocation, StartSlots.WaitListener listener) {
        StartSlots.Slot slot;
        try {
            slot = startSlots.acquire(config.name(), functionReady, listener);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop();
            return InvocationResult.environmentError("Runtime.InitError", "Interrupted while waiting to start");
        }
        long begun = System.nanoTime();
        InvocationResult failure;
        try {
            log.platform(PlatformLines.initStart(config.runtime(), config.jdk().feature()), false);
            failure = launch();
        } finally {
            slot.close();
        }
        double initMillis = millisSince(begun);
        if (failure == null) {
            if (forInvocation) {
                pendingInitMillis = initMillis;
            } else {
                log.platform(PlatformLines.initReport(initMillis), false);
            }
            return null;
        }
        Status status = initTimedOut ? Status.TIMEOUT : Status.error(failure.errorType());
        log.platform(PlatformLines.initReport(initMillis, status), true);
        return failure;
    }

    private InvocationResult launch() {
        try {
            api = new RuntimeApi(config.name(), config.arn());
            boolean alreadyStopped;
            synchronized (this) {
                alreadyStopped = stopped;
                if (!alreadyStopped) {
                    archiveUse = archive == null ? null : archive.use();
                }
            }
            if (alreadyStopped) {
                api.close();
                return InvocationResult.environmentError("Runtime.InitError", "The environment was stopped");
            }
            folder = EnvironmentFolder.create(settings.workDir(), config.name());
            commandLine = List.copyOf(command());
            ProcessBuilder builder = new ProcessBuilder(commandLine).directory(config.taskRoot().toFile())
                    .redirectErrorStream(true); // one stream, as in CloudWatch Logs, in the order it was written
            builder.environment().clear();
            builder.environment().putAll(variables(api.address()));
            process = builder.start();
        } catch (IOException e) {
            stop();
            return InvocationResult.environmentError("Runtime.InitError",
                    "Could not start the execution environment: " + e.getMessage());
        }
        try {
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // stdin is unused
        }
        log.attach(process);
        CompletableFuture<Object> outcome = CompletableFuture.anyOf(api.ready, api.initError, process.onExit());
        try {
            outcome.get(initBudget.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            stop();
            initTimedOut = true;
            return InvocationResult.environmentError("Runtime.InitError", "The runtime did not initialise within "
                    + initBudget.toSeconds() + " seconds" + outputTail());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop();
            return InvocationResult.environmentError("Runtime.InitError", "Interrupted while starting");
        } catch (ExecutionException e) {
            stop();
            return InvocationResult.environmentError("Runtime.InitError", String.valueOf(e.getCause()));
        }
        if (api.initError.isDone()) {
            String posted = api.initError.join();
            stop();
            return initFailure(posted);
        }
        if (!process.isAlive()) {
            int exit = process.exitValue();
            stop();
            initExit = PlatformLines.exit(exit);
            return InvocationResult.environmentError(PlatformLines.EXIT_ERROR,
                    "Runtime exited during init with " + initExit + outputTail());
        }
        return null;
    }

    /**
     * Runs one invocation in a started environment, between its START and its END and REPORT lines (with AWS's
     * failure lines before END when it times out or the process exits). As on AWS, the invocation ends for its log
     * (and its Duration) when the runtime asks for the next one: the RIC prints a function error's stack trace after
     * posting the error, and that belongs to the invocation.
     */
    private InvocationResult invoke(String requestId, byte[] payload, boolean killWhenTaken) {
        lastUsedNanos = System.nanoTime();
        Double initMillis = pendingInitMillis;
        pendingInitMillis = null;
        log.start(requestId);
        long begun = System.nanoTime();
        long timeoutMillis = config.timeoutSeconds() * 1000L;
        Invocation invocation = new Invocation(requestId, payload, System.currentTimeMillis() + timeoutMillis);
        if (killWhenTaken) {
            Process running = process;
            // runs in the Runtime API's thread as it hands the invocation out, before the event is written
            invocation.handedOut.thenRun(() -> {
                running.descendants().forEach(ProcessHandle::destroyForcibly);
                running.destroyForcibly();
            });
        }
        api.offer(invocation);
        CompletableFuture<Object> outcome = CompletableFuture.anyOf(invocation.result, api.initError, process.onExit());
        List<String> lines = new ArrayList<>();
        InvocationResult result;
        Status status = null;
        double durationMillis;
        OptionalInt memory = OptionalInt.empty();
        try {
            outcome.get(timeoutMillis, TimeUnit.MILLISECONDS);
            if (invocation.result.isDone()) {
                result = invocation.result.join();
                memory = PeakMemory.megabytes(pid()); // now: a runtime that ran out of memory exits after answering
                long handedOut = invocation.handedOut.isDone() ? invocation.handedOut.join() : begun;
                long left = Math.max(RUNTIME_DONE_WAIT_MILLIS, timeoutMillis - (System.nanoTime() - begun) / 1_000_000);
                try {
                    CompletableFuture.anyOf(invocation.runtimeDone, process.onExit()).get(left, TimeUnit.MILLISECONDS);
                } catch (TimeoutException stillRunning) {
                    // answered, but still busy with the invocation when its time was up
                }
                if (invocation.runtimeDone.isDone()) {
                    durationMillis = (invocation.runtimeDone.join() - handedOut) / 1e6;
                } else if (!process.isAlive()) {
                    String exit = PlatformLines.exit(waitForExit());
                    stop();
                    durationMillis = millisSince(handedOut);
                    if (!result.failed()) {
                        lines.add(PlatformLines.runtimeExited(requestId, exit, PlatformLines.EXIT_ERROR));
                        status = Status.error(PlatformLines.EXIT_ERROR);
                    }
                } else {
                    OptionalInt peak = PeakMemory.megabytes(pid());
                    memory = peak.isPresent() ? peak : memory;
                    stop();
                    log.settle(process);
                    durationMillis = timeoutMillis;
                    lines.add(PlatformLines.timedOut(Instant.now(), requestId, config.timeoutSeconds()));
                    status = Status.TIMEOUT;
                }
            } else if (api.initError.isDone()) {
                String posted = api.initError.join();
                stop();
                result = initFailure(posted);
                durationMillis = millisSince(begun);
            } else {
                String exit = PlatformLines.exit(waitForExit());
                stop();
                result = InvocationResult.environmentError(PlatformLines.EXIT_ERROR, "RequestId: " + requestId
                        + " Error: Runtime exited with error: " + exit + outputTail());
                durationMillis = millisSince(begun);
                lines.add(PlatformLines.runtimeExited(requestId, exit, PlatformLines.EXIT_ERROR));
            }
        } catch (TimeoutException e) {
            memory = PeakMemory.megabytes(pid());
            stop();
            log.settle(process);
            result = InvocationResult.environmentError(PlatformLines.TIMED_OUT, "RequestId: " + requestId
                    + " Error: Task timed out after " + PlatformLines.seconds(config.timeoutSeconds()));
            durationMillis = timeoutMillis;
            lines.add(PlatformLines.timedOut(Instant.now(), requestId, config.timeoutSeconds()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop();
            result = InvocationResult.environmentError("Sandbox.Interrupted", "The invocation was interrupted");
            durationMillis = millisSince(begun);
        } catch (ExecutionException e) {
            stop();
            result = InvocationResult.environmentError("Runtime.Unknown", String.valueOf(e.getCause()));
            durationMillis = millisSince(begun);
        } finally {
            lastUsedNanos = System.nanoTime();
            folder.checkSize(config.name(), config.ephemeralStorageMb());
        }
        if (status == null) {
            status = Status.of(result);
        }
        lines.add(PlatformLines.end(requestId));
        lines.add(PlatformLines.report(requestId, durationMillis, config.memoryMb(), memory, initMillis, status));
        return result.of(requestId, log.finish(lines, !status.equals(Status.NONE)));
    }

    /**
     * Destroys the process tree and the Runtime API server. Idempotent. An environment training the class-data archive
     * gets SIGTERM first and some seconds to write it (or its AOT configuration, whose cache is then created in the
     * background) on exit; every other one is killed at once.
     */
    void stop() {
        stop(true);
    }

    /**
     * Stops an environment whose code was replaced: an archive of that code would never be used, so a training run is
     * killed at once instead of writing one (and its AOT cache is not created while the new code's environments start).
     */
    void stopReplaced() {
        stop(false);
    }

    private void stop(boolean keepArchive) {
        ClassDataArchive.Use training;
        synchronized (this) {
            stopped = true;
            training = archiveUse != null && archiveUse.training() ? archiveUse : null;
            archiveUse = null;
        }
        boolean graceful = false;
        if (process != null) {
            if (training != null && keepArchive && api.ready.isDone()) {
                graceful = stopGracefully(); // only an environment that finished init has the function's classes
            }
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            try {
                process.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (training != null && !archive.finish(training, graceful, javaAndOptions(), config.taskRoot())
                && graceful && LOG.isDebugEnabled()) {
            LOG.debug("The training environment of {} wrote no archive{}", config.name(), outputTail());
        }
        if (api != null) {
            api.close();
        }
        if (folder != null && (process == null || !process.isAlive())) {
            folder.delete(); // the environment's /tmp goes with it
        }
    }

    /** SIGTERM, then waits for the JVM's exit (which dumps the archive); false if it had to be killed or crashed. */
    private boolean stopGracefully() {
        process.destroy();
        try {
            if (!process.waitFor(ARCHIVE_DUMP_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.debug("Training environment of {} did not exit within {} s of SIGTERM", config.name(),
                        ARCHIVE_DUMP_WAIT.toSeconds());
                return false;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        int exit = process.exitValue();
        LOG.debug("Training environment of {} exited with status {}", config.name(), exit);
        return exit != 128 + 9 && exit != 128 + 6 && exit != 128 + 11; // SIGKILL, abort, segfault: no whole archive
    }

    /** The command line of the process (for status and tests), empty before start. */
    List<String> commandLine() {
        return commandLine;
    }

    private int waitForExit() {
        try {
            process.waitFor(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return process.isAlive() ? -1 : process.exitValue();
    }

    private InvocationResult initFailure(String posted) {
        String type = "Runtime.InitError";
        String message = posted;
        try {
            var error = Json.MAPPER.readTree(posted);
            if (error.hasNonNull("errorType")) {
                type = error.get("errorType").asText();
            }
            if (error.hasNonNull("errorMessage")) {
                message = error.get("errorMessage").asText();
            }
        } catch (IOException | RuntimeException notJson) {
            // keep the raw text
        }
        // The runtime's message is often vague (e.g. a wrong QUARKUS_FUNQY_EXPORT); the cause is in its output.
        return InvocationResult.environmentError(type, "Init failed: " + message + outputTail());
    }

    private String outputTail() {
        // Failure paths only: read what the process printed before it failed.
        log.settle(process);
        List<String> recent = log.recentLines();
        if (recent.isEmpty()) {
            return "";
        }
        return "\nLast output of the environment:\n" + String.join("\n", recent);
    }

    private static double millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e6;
    }

    private List<String> command() {
        List<String> command = new ArrayList<>(javaAndOptions());
        if (archiveUse != null) {
            command.addAll(1, archiveUse.jvmOptions());
        }
        // its own /tmp: not among the options an AOT cache is made with, which only the class path and module options
        // must match
        command.add(1, "-Djava.io.tmpdir=" + folder.tmp());
        command.addAll(List.of(RuntimeInterfaceClient.MAIN_CLASS, config.handler()));
        return command;
    }

    /**
     * The launcher and JVM options, class path included, without archive flags and main class: an AOT cache is only
     * used by a JVM started with the options it was created with, so its create step takes these too.
     */
    private List<String> javaAndOptions() {
        List<String> command = new ArrayList<>();
        command.add(config.jdk().java().toString());
        command.addAll(JvmOptions.of(config.memoryMb(), config.jdk()));
        command.addAll(List.of(
                "-D" + RuntimeInterfaceClient.JNI_PROPERTY + "=" + client.jniLibrary(),
                "-classpath", client.classpath().stream().map(Object::toString)
                        .collect(Collectors.joining(java.io.File.pathSeparator))));
        return command;
    }

    /** The managed runtime's variables, then the function's own (which win). Nothing else is inherited. */
    Map<String, String> variables(String runtimeApi) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin"));
        env.put("LANG", "en_US.UTF-8");
        env.put("TZ", ":UTC");
        env.put("AWS_LAMBDA_RUNTIME_API", runtimeApi);
        env.put("_HANDLER", config.handler());
        env.put("LAMBDA_TASK_ROOT", config.taskRoot().toString());
        env.put("LAMBDA_RUNTIME_DIR", config.taskRoot().toString());
        env.put("AWS_LAMBDA_FUNCTION_NAME", config.name());
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(config.memoryMb()));
        env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        env.put("AWS_REGION", settings.region());
        env.put("AWS_DEFAULT_REGION", settings.region());
        env.put("AWS_LAMBDA_LOG_GROUP_NAME", log.group());
        env.put("AWS_LAMBDA_LOG_STREAM_NAME", log.stream());
        env.put("AWS_EXECUTION_ENV", "AWS_Lambda_" + config.runtime());
        env.put("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
        env.put("AWS_ACCESS_KEY_ID", LocalClients.TEST_KEY);
        env.put("AWS_SECRET_ACCESS_KEY", LocalClients.TEST_KEY);
        env.put("AWS_SESSION_TOKEN", LocalClients.TEST_KEY);
        env.put("AWS_ENDPOINT_URL", settings.functionEndpoint().toString());
        if (folder != null) {
            env.put("TMPDIR", folder.tmp().toString());
        }
        env.putAll(config.variables());
        env.remove("AWS_LAMBDA_MAX_CONCURRENCY"); // would make the client run invocations in parallel
        return env;
    }
}
