package dev.sluice.local.state;

import dev.sluice.local.LocalCloud;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A local cloud with state in its own JVM, as {@code sluice local up --persist} runs it, for tests that kill it
 * ({@code destroyForcibly}: SIGKILL) or stop it (SIGTERM). Arguments: work folder, state folder, stop timeout in
 * seconds. Prints {@code endpoint <uri>} when ready, then the clean stop's summary line when stopped.
 */
public final class PersistentCloudMain {

    private PersistentCloudMain() {
    }

    public static void main(String[] args) throws Exception {
        LocalCloud cloud = LocalCloud.builder().port(0).workDir(Path.of(args[0])).persist(Path.of(args[1]))
                .stopTimeout(Duration.ofSeconds(Long.parseLong(args[2])))
                .onStop(line -> {
                    System.out.println(line);
                    System.out.flush();
                })
                .build().start();
        System.out.println("endpoint " + cloud.endpoint());
        System.out.flush();
        Thread.currentThread().join(); // until killed or stopped: the cloud's shutdown hook closes it
    }
}
