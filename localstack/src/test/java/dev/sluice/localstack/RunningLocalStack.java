package dev.sluice.localstack;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A LocalStack 4.14.0 the tests talk to, started for one test class and stopped by {@link #close()}: on the host
 * ({@link HostLocalStack}) or in Docker ({@link DockerLocalStack}). Either way it answers on 127.0.0.1.
 */
interface RunningLocalStack extends AutoCloseable {

    URI endpoint();

    /** How it runs, for the test's first output line, e.g. {@code host mode} or the Docker image. */
    String description();

    /** The version LocalStack reports on {@code /_localstack/health}. */
    default String version() throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(endpoint().resolve("/_localstack/health")).timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("/_localstack/health answered " + response.statusCode() + ": "
                    + response.body());
        }
        return new ObjectMapper().readTree(response.body()).path("version").asText("unknown");
    }

    @Override
    void close() throws IOException, InterruptedException;

    /** A port nothing listens on now, on 127.0.0.1: LocalStack gets it as {@code GATEWAY_LISTEN}. */
    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
