package dev.sluice.local.edge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.local.RawHttp;
import dev.sluice.local.lambda.runtime.FunctionJdk;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Headers far over the guard's limit, on a fresh JVM (the JDK reads its header limits once, when the first HttpServer
 * of the JVM is made, so this cannot run in the test JVM): the JVM running the tests, and the newest JDK the local
 * cloud would run functions on (JDK 25 on the build machines), since the two JDK servers are separate code.
 */
class HugeHeadersTest {

    @Test
    void oneMebibyteOfHeadersGets431AndBeyondTheJdksCeilingTheConnectionIsClosed() throws Exception {
        Set<Path> javas = new LinkedHashSet<>();
        javas.add(Path.of(System.getProperty("java.home"), "bin", "java").toRealPath());
        javas.add(FunctionJdk.forRuntime("java25").java().toRealPath());
        for (Path java : javas) {
            Process edge = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                    EdgeServerMain.class.getName()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            try {
                BufferedReader out = new BufferedReader(new InputStreamReader(edge.getInputStream(),
                        StandardCharsets.UTF_8));
                String line = out.readLine();
                assertThat(line).as("%s started an edge", java).startsWith("port ");
                int port = Integer.parseInt(line.substring("port ".length()));

                String answer = headers(port, 1024 * 1024);
                assertThat(answer).as(java.toString()).startsWith("HTTP/1.1 431")
                        .contains("RequestHeaderFieldsTooLarge");

                // Above EdgeServer.JDK_MAX_HEADER_BYTES the JDK server closes the connection before the guard runs.
                String beyond = headers(port, EdgeServer.JDK_MAX_HEADER_BYTES + 1024 * 1024);
                assertThat(beyond).as(java.toString()).doesNotStartWith("HTTP/");

                assertThat(headers(port, 0)).as("still serving").startsWith("HTTP/1.1 200");
            } finally {
                edge.getOutputStream().close();
                if (!edge.waitFor(10, TimeUnit.SECONDS)) {
                    edge.destroyForcibly();
                }
            }
        }
    }

    /** The answer to a health check carrying {@code padding} bytes of one header, or "" when there is none. */
    private static String headers(int port, int padding) {
        try {
            return RawHttp.exchange(port, "GET /_sluice/health HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + (padding > 0 ? "X-Padding: " + "x".repeat(padding) + "\r\n" : "") + "Connection: close\r\n\r\n");
        } catch (IOException resetOrClosed) {
            return "";
        }
    }
}
