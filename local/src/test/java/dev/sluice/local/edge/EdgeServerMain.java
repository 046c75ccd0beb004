package dev.sluice.local.edge;

import java.io.IOException;

/** An edge in a JVM of its own, for tests of what the JDK server does before any handler runs: prints its port. */
public final class EdgeServerMain {

    private EdgeServerMain() {
    }

    public static void main(String[] args) throws IOException {
        try (EdgeServer edge = new EdgeServer("127.0.0.1", 0)) {
            edge.start();
            System.out.println("port " + edge.port());
            System.out.flush();
            System.in.read(); // runs until the test closes stdin (or kills the process)
        }
    }
}
