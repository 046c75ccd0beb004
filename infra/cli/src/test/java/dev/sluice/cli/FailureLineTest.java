package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Failures the user must act on end with exit code 1 and exactly one line on stderr, no stack trace. */
class FailureLineTest {

    @TempDir
    Path scratch;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"deploy --target aws", "logs processTask", "invoke processTask --payload {}"})
    void onAwsWithoutCredentials(String command) throws Exception {
        CliRun run = ChildJvm.run(scratch, Map.of(), command.split(" "));

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

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"status", "send --source shop --detail-type Order --detail {\"orderId\":\"o-1\"}"})
    void againstUnreachableEndpoint(String command) throws IOException {
        String url = "http://127.0.0.1:" + closedPort();

        CliRun run = CliRun.inProcess((command + " --endpoint-url " + url).split(" "));

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
