package dev.sluice.localstack;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * LocalStack 4.14.0 on the host, without Docker, through {@code localstack/host/start.sh} on a free port;
 * {@link #close()} runs {@code stop.sh}. The first start on a machine installs it into a cached venv (minutes).
 */
final class HostLocalStack implements RunningLocalStack {

    private static final Duration START_TIMEOUT = Duration.ofMinutes(15); // includes a first pip install

    private final Path scripts;
    private final int port;
    private final URI endpoint;
    // A test JVM that dies (or is interrupted) must not leave LocalStack running.
    private final Thread shutdownHook = new Thread(this::stopQuietly, "host-localstack-stop");

    private HostLocalStack(Path scripts, int port, URI endpoint) {
        this.scripts = scripts;
        this.port = port;
        this.endpoint = endpoint;
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    static HostLocalStack start() throws IOException, InterruptedException {
        Path scripts = Repository.root().resolve("localstack/host");
        int port = RunningLocalStack.freePort();
        Process process = new ProcessBuilder(List.of("bash", scripts.resolve("start.sh").toString(),
                Integer.toString(port)))
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        String stdout;
        try (InputStream out = process.getInputStream()) {
            stdout = new String(out.readAllBytes(), StandardCharsets.UTF_8).trim();
        }
        if (!process.waitFor(START_TIMEOUT.toMinutes(), TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("localstack/host/start.sh " + port + " did not finish in " + START_TIMEOUT);
        }
        HostLocalStack localStack = new HostLocalStack(scripts, port, URI.create("http://127.0.0.1:" + port));
        if (process.exitValue() != 0) {
            localStack.close();
            throw new IllegalStateException("localstack/host/start.sh " + port + " failed with exit code "
                    + process.exitValue() + " (its error output is above)");
        }
        String[] lines = stdout.split("\n");
        if (!lines[lines.length - 1].equals(localStack.endpoint.toString())) {
            localStack.close();
            throw new IllegalStateException("start.sh printed " + stdout + ", expected " + localStack.endpoint);
        }
        return localStack;
    }

    @Override
    public URI endpoint() {
        return endpoint;
    }

    @Override
    public String description() {
        return "host mode, " + endpoint;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or about to: stopping twice is harmless
        }
        stop();
    }

    private void stopQuietly() {
        try {
            stop();
        } catch (IOException | InterruptedException | RuntimeException e) {
            System.err.println("could not stop LocalStack on port " + port + ": " + e);
        }
    }

    private void stop() throws IOException, InterruptedException {
        Process stop = new ProcessBuilder(List.of("bash", scripts.resolve("stop.sh").toString(), Integer.toString(port)))
                .redirectOutput(ProcessBuilder.Redirect.INHERIT)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        if (!stop.waitFor(1, TimeUnit.MINUTES)) {
            stop.destroyForcibly();
            throw new IllegalStateException("localstack/host/stop.sh " + port + " did not finish in a minute");
        }
    }
}
