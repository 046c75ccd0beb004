package dev.sluice.localstack;

import java.net.URI;

/**
 * Where the conformance cases run: Sluice's local cloud, or LocalStack 4.14.0 in host mode.
 *
 * @param name                 {@code sluice} or {@code localstack}: the results' folder under target/conformance/ and
 *                             the doc's column
 * @param runsFunctions        whether Lambda functions run there (LocalStack's host mode needs Docker for them)
 * @param failuresFailTheBuild a failed case is a test failure here (Sluice), or only recorded (LocalStack: the point of
 *                             its column)
 * @param stop                 stops it
 */
record ConformanceTarget(String name, URI endpoint, boolean runsFunctions, boolean failuresFailTheBuild,
                         AutoCloseable stop) implements AutoCloseable {

    @Override
    public void close() throws Exception {
        stop.close();
    }
}
