package dev.sluice.local.state;

import dev.sluice.local.CloudClients;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * {@link PersistentCloudMain} in a JVM of its own, working in {@code dir/work} with its state in {@code dir/state},
 * with SDK clients for it (closing this closes the clients, not the process). Its output is kept, see
 * {@link #output()}.
 */
final class CloudProcess extends CloudClients {

    private final Process process;
    private final StringBuffer output = new StringBuffer();
    private final Thread drain;
    private final URI endpoint;

    private CloudProcess(Path dir, int stopTimeoutSeconds) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        process = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                PersistentCloudMain.class.getName(), dir.resolve("work").toString(), dir.resolve("state").toString(),
                Integer.toString(stopTimeoutSeconds)).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
        endpoint = readEndpoint(out);
        drain = new Thread(() -> {
            try {
                for (String line; (line = out.readLine()) != null; ) {
                    output.append(line).append('\n');
                }
            } catch (IOException ignored) {
                // the process is gone
            }
        });
        drain.setDaemon(true);
        drain.start();
    }

    /** Started and ready: its endpoint line was read. */
    static CloudProcess start(Path dir, int stopTimeoutSeconds) throws IOException {
        return new CloudProcess(dir, stopTimeoutSeconds);
    }

    private URI readEndpoint(BufferedReader out) throws IOException {
        for (String line; (line = out.readLine()) != null; ) {
            output.append(line).append('\n');
            if (line.startsWith("endpoint ")) {
                return URI.create(line.substring("endpoint ".length()));
            }
        }
        throw new AssertionError("the local cloud did not start: " + output);
    }

    @Override
    public URI endpoint() {
        return endpoint;
    }

    /**
     * SIGTERM, as Ctrl-C or a service manager stops it (through its handle: {@code Process.destroy()} would also
     * close its output, which the clean stop still writes to); whether it exited within {@code limit}.
     */
    boolean stop(Duration limit) throws InterruptedException {
        process.toHandle().destroy();
        return process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** SIGKILL: nothing at all runs at the end. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }

    /** Everything the process printed; once it has exited, to its last line. */
    String output() throws InterruptedException {
        if (!process.isAlive()) {
            drain.join(TimeUnit.SECONDS.toMillis(10));
        }
        return output.toString();
    }
}
