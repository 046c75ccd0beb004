package dev.sluice.local.bench;

import dev.sluice.local.HandlerZip;

/** A plain-Java SQS handler that does nothing (no Quarkus), compiled here into a function.zip: the platform's floor. */
final class NoopFunctionZip {

    static final String HANDLER = "bench.Noop::handleRequest";

    private static final String SOURCE = """
            package bench;
            import com.amazonaws.services.lambda.runtime.Context;
            import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
            import java.io.*;
            /** Reads the SQS event and reports no batch item failures. */
            public class Noop implements RequestStreamHandler {
                public void handleRequest(InputStream in, OutputStream out, Context context) throws IOException {
                    in.readAllBytes();
                    out.write("{\\"batchItemFailures\\":[]}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
                }
            }
            """;

    static final HandlerZip ZIP = HandlerZip.of("bench.Noop", SOURCE);

    private NoopFunctionZip() {
    }
}
