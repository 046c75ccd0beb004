package dev.sluice.testing;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A moto server (AWS service emulator) on 127.0.0.1 and a free port, for the lifetime of a test class: started from
 * {@code $MOTO_SERVER}, else pyenv's shim, else {@code moto_server} on the PATH.
 */
public final class MotoServer implements AutoCloseable {

    private static final Path PYENV_SHIM = Path.of(System.getProperty("user.home"), ".pyenv/shims/moto_server");

    private final Process process;
    private final URI endpoint;

    private MotoServer(Process process, URI endpoint) {
        this.process = process;
        this.endpoint = endpoint;
    }

    /** Starts moto, writing its output to {@code log}, and waits until it answers (at most 60 s). */
    public static MotoServer start(Path log) throws IOException, InterruptedException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        Process process = new ProcessBuilder(executable(), "-H", "127.0.0.1", "-p", Integer.toString(port))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        MotoServer server = new MotoServer(process, URI.create("http://127.0.0.1:" + port));
        try {
            server.awaitReady(Duration.ofSeconds(60), log);
        } catch (IOException | RuntimeException | InterruptedException e) {
            server.close();
            throw e;
        }
        return server;
    }

    public URI endpoint() {
        return endpoint;
    }

    /**
     * Creates an IAM role Lambda may assume (moto checks the role of a new function) and returns its ARN.
     * The CLI has no IAM client, so this speaks IAM's query protocol directly; moto routes on the
     * credential scope of the Authorization header and does not check signatures.
     */
    public String createLambdaRole(String name) throws IOException {
        String trust = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                + "\"Principal\":{\"Service\":\"lambda.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}";
        String form = "Action=CreateRole&Version=2010-05-08&RoleName=" + encode(name)
                + "&AssumeRolePolicyDocument=" + encode(trust);
        HttpURLConnection connection = (HttpURLConnection) endpoint.resolve("/").toURL().openConnection();
        connection.setRequestMethod("POST");
        connection.setDoOutput(true);
        connection.setRequestProperty("Content-Type", "application/x-www-form-urlencoded");
        connection.setRequestProperty("Authorization", "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/iam/aws4_request, "
                + "SignedHeaders=host, Signature=0");
        try (OutputStream body = connection.getOutputStream()) {
            body.write(form.getBytes(StandardCharsets.UTF_8));
        }
        String response = new String(connection.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        Matcher arn = Pattern.compile("<Arn>([^<]+)</Arn>").matcher(response);
        if (connection.getResponseCode() != 200 || !arn.find()) {
            throw new IOException("CreateRole failed: " + response);
        }
        return arn.group(1);
    }

    private static String executable() {
        String configured = System.getenv("MOTO_SERVER");
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        return Files.isExecutable(PYENV_SHIM) ? PYENV_SHIM.toString() : "moto_server";
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private void awaitReady(Duration timeout, Path log) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IOException("moto_server exited with " + process.exitValue() + ": " + Files.readString(log));
            }
            try {
                HttpURLConnection connection = (HttpURLConnection) endpoint.resolve("/moto-api/").toURL().openConnection();
                connection.setConnectTimeout(500);
                connection.setReadTimeout(2000);
                if (connection.getResponseCode() > 0) {
                    connection.disconnect();
                    return;
                }
            } catch (IOException notYet) {
                Thread.sleep(200);
            }
        }
        throw new IOException("moto_server did not answer on " + endpoint + " within " + timeout);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
