package dev.sluice.localstack;

import java.net.URI;

/** Where the conformance cases run: Sluice's local cloud, or LocalStack 4.14.0 in host mode. */
interface ConformanceTarget extends AutoCloseable {

    /** {@code sluice} or {@code localstack}: the results' folder under target/conformance/ and the doc's column. */
    String name();

    URI endpoint();

    /** Whether Lambda functions run there (LocalStack's host mode needs Docker for them). */
    boolean runsFunctions();

    /** A failed case is a test failure here (Sluice), or only recorded (LocalStack: the point of its column). */
    boolean failuresFailTheBuild();

    @Override
    void close() throws Exception;
}
