package dev.sluice.local.edge;

import dev.sluice.local.status.SluiceService;
import java.io.IOException;
import java.time.Clock;

/** An edge in a JVM of its own, for tests of what the JDK server does before any handler runs: prints its port. */
public final class EdgeServerMain {

    private EdgeServerMain() {
    }

    public static void main(String[] args) throws IOException {
        try (EdgeServer edge = new EdgeServer("127.0.0.1", 0)) {
            edge.register(new SluiceService(null, null, Clock.systemUTC())); // answers /_sluice/health
            edge.start();
            System.out.println("port " + edge.port());
            System.out.flush();
            System.in.read(); // runs until the test closes stdin (or kills the process)
        }
    }
}
