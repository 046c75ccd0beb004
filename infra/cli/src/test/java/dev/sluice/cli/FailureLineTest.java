package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Failures the user must act on end with exit code 1 and exactly one line on stderr, no stack trace. */
class FailureLineTest {

    @TempDir
    Path scratch;

    @Test
    void deployToAwsWithoutCredentials() throws Exception {
        CliRun run = ChildJvm.run(scratch, Map.of(), "deploy", "--target", "aws");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.errLines()).containsExactly("sluice: " + CallerIdentity.NO_CREDENTIALS);
    }

    @Test
    void deployToAwsWithoutCredentialsShowsTheTraceOnlyWhenVerbose() throws Exception {
        CliRun run = ChildJvm.run(scratch, Map.of(), "deploy", "--target", "aws", "--verbose");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("\tat ").endsWith("sluice: " + CallerIdentity.NO_CREDENTIALS + System.lineSeparator());
    }

    @Test
    void logsFromAwsWithoutCredentials() throws Exception {
        CliRun run = ChildJvm.run(scratch, Map.of(), "logs", "processTask");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.errLines()).containsExactly("sluice: " + CallerIdentity.NO_CREDENTIALS);
    }

    @Test
    void invokeOnAwsWithoutCredentials() throws Exception {
        CliRun run = ChildJvm.run(scratch, Map.of(), "invoke", "processTask", "--payload", "{}");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.errLines()).containsExactly("sluice: " + CallerIdentity.NO_CREDENTIALS);
    }

    @Test
    void deployToUnreachableLocalStack() throws Exception {
        String url = "http://127.0.0.1:" + closedPort();

        CliRun run = ChildJvm.run(scratch, Map.of(), "deploy", "--target", "localstack", "--endpoint-url", url);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.errLines()).containsExactly("sluice: cannot reach " + url + ": Connection refused");
    }

    @Test
    void deployToAwsThroughUnreachableEndpoint() throws Exception {
        String url = "http://127.0.0.1:" + closedPort();

        CliRun run = ChildJvm.run(scratch, Map.of("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY", "secret"),
                "deploy", "--target", "aws", "--endpoint-url", url);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.errLines()).containsExactly("sluice: cannot reach " + url + ": Connection refused");
        assertThat(run.out() + run.err()).doesNotContain("AKIDEXAMPLE", "secret");
    }

    @Test
    void statusAgainstUnreachableEndpoint() throws IOException {
        String url = "http://127.0.0.1:" + closedPort();

        CliRun run = CliRun.inProcess("status", "--endpoint-url", url);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.errLines()).containsExactly("sluice: cannot reach " + url + ": Connection refused");
    }

    @Test
    void sendAgainstUnreachableEndpoint() throws IOException {
        String url = "http://127.0.0.1:" + closedPort();

        CliRun run = CliRun.inProcess("send", "--endpoint-url", url, "--source", "shop", "--detail-type", "Order",
                "--detail", "{\"orderId\":\"o-1\"}");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.errLines()).containsExactly("sluice: cannot reach " + url + ": Connection refused");
    }

    /** A port nothing listens on: bound, then released. */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
