package dev.sluice.local.lambda.runtime;

import dev.sluice.local.core.DaemonThreads;
import dev.sluice.local.core.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * an invocation passes the function timeout, and it is unusable once its process has exited.
 */
final class ExecutionEnvironment {

    private static final Logger LOG = LoggerFactory.getLogger(ExecutionEnvironment.class);
    private static final int OUTPUT_LINES_KEPT = 40;
    private static final DateTimeFormatter STREAM_DATE = DateTimeFormatter.ofPattern("yyyy/MM/dd");
    /** Dumping a framework's classes (Quarkus: about 10,000) takes a second or two on a busy machine. */
    private static final Duration ARCHIVE_DUMP_WAIT = Duration.ofSeconds(20);

    private final FunctionConfig config;
    private final LambdaSettings settings;
    private final RuntimeInterfaceClient client;
    private final Duration initBudget;
    private final Deque<String> lastOutput = new ArrayDeque<>();
    private final List<Thread> pumps = new ArrayList<>();
    private final ClassDataArchive archive;
    private ClassDataArchive.Use archiveUse;
    private RuntimeApi api;
    private EnvironmentFolder folder;
    private Process process;
    private volatile List<String> commandLine = List.of();
    private volatile boolean stopped;
    private volatile long lastUsedNanos = System.nanoTime();

    ExecutionEnvironment(FunctionConfig config, LambdaSettings settings, RuntimeInterfaceClient client,
                         Duration initBudget) {
        this.config = config;
        this.settings = settings;
        this.client = client;
        this.initBudget = initBudget;
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

    long pid() {
        return process == null ? -1 : process.pid();
    }

    long idleNanos() {
        return System.nanoTime() - lastUsedNanos;
    }

    /**
     * Starts the JVM and waits until the runtime asks for its first invocation (init done).
     *
     * @return null when ready, else the init failure to report as the invocation's result
     */
    InvocationResult start() {
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
            ProcessBuilder builder = new ProcessBuilder(commandLine).directory(config.taskRoot().toFile());
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
        pumps.add(pump(process.getInputStream(), System.out));
        pumps.add(pump(process.getErrorStream(), System.err));
        CompletableFuture<Object> outcome = CompletableFuture.anyOf(api.ready, api.initError, process.onExit());
        try {
            outcome.get(initBudget.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            stop();
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
            return InvocationResult.environmentError("Runtime.ExitError",
                    "Runtime exited during init with exit status " + exit + outputTail());
        }
        return null;
    }

    /** Runs one invocation; {@link #start()} must have succeeded. */
    InvocationResult invoke(String requestId, byte[] payload) {
        lastUsedNanos = System.nanoTime();
        long timeoutMillis = config.timeoutSeconds() * 1000L;
        Invocation invocation = new Invocation(requestId, payload, System.currentTimeMillis() + timeoutMillis);
        api.offer(invocation);
        CompletableFuture<Object> outcome = CompletableFuture.anyOf(invocation.result, api.initError, process.onExit());
        try {
            outcome.get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            stop();
            return InvocationResult.environmentError("Sandbox.Timedout",
                    "Task timed out after " + String.format(java.util.Locale.ROOT, "%.2f", timeoutMillis / 1000.0) + " seconds");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop();
            return InvocationResult.environmentError("Sandbox.Interrupted", "The invocation was interrupted");
        } catch (ExecutionException e) {
            stop();
            return InvocationResult.environmentError("Runtime.Unknown", String.valueOf(e.getCause()));
        } finally {
            lastUsedNanos = System.nanoTime();
            folder.checkSize(config.name(), config.ephemeralStorageMb());
        }
        if (invocation.result.isDone()) {
            return invocation.result.join();
        }
        if (api.initError.isDone()) {
            String posted = api.initError.join();
            stop();
            return initFailure(posted);
        }
        int exit = waitForExit();
        stop();
        return InvocationResult.environmentError("Runtime.ExitError", "RequestId: " + requestId
                + " Error: Runtime exited with error: exit status " + exit + outputTail());
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
        // Failure paths only: let the output threads drain what the process printed before it failed.
        if (process != null) {
            try {
                process.waitFor(500, TimeUnit.MILLISECONDS);
                for (Thread pump : pumps) {
                    pump.join(process.isAlive() ? 100 : 1000);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (lastOutput) {
            if (lastOutput.isEmpty()) {
                return "";
            }
            return "\nLast output of the environment:\n" + String.join("\n", lastOutput);
        }
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
        env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + config.name());
        env.put("AWS_LAMBDA_LOG_STREAM_NAME", LocalDate.now(ZoneOffset.UTC).format(STREAM_DATE) + "/[$LATEST]"
                + UUID.randomUUID().toString().replace("-", ""));
        env.put("AWS_EXECUTION_ENV", "AWS_Lambda_" + config.runtime());
        env.put("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
        env.put("AWS_ACCESS_KEY_ID", "test");
        env.put("AWS_SECRET_ACCESS_KEY", "test");
        env.put("AWS_SESSION_TOKEN", "test");
        env.put("AWS_ENDPOINT_URL", settings.functionEndpoint().toString());
        if (folder != null) {
            env.put("TMPDIR", folder.tmp().toString());
        }
        env.putAll(config.variables());
        env.remove("AWS_LAMBDA_MAX_CONCURRENCY"); // would make the client run invocations in parallel
        return env;
    }

    private Thread pump(InputStream stream, PrintStream console) {
        String prefix = "[" + config.name() + "] ";
        return DaemonThreads.start("lambda-output-" + config.name(), () -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line; (line = reader.readLine()) != null; ) {
                    console.println(prefix + line);
                    synchronized (lastOutput) {
                        lastOutput.addLast(line);
                        if (lastOutput.size() > OUTPUT_LINES_KEPT) {
                            lastOutput.removeFirst();
                        }
                    }
                }
            } catch (IOException closed) {
                // the process ended
            }
        });
    }
}
