package dev.sluice.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;

/**
 * {@code sluice local up ...} running in this JVM on a thread of its own, as a user runs it in a terminal, until
 * {@link #close()} ends it the way Ctrl-C does. Its output is captured; the Lambda client reaches its cloud.
 */
final class RunningLocalUp implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ENDPOINT = Pattern.compile("Local cloud at (http://127\\.0\\.0\\.1:\\d+)");

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final LocalCommand.Up up;
    private final Thread thread;
    private final AtomicInteger exit = new AtomicInteger(-1);
    private final LambdaClient lambda;

    /** Starts {@code sluice} with {@code args} (a {@code local up}) and waits until it is ready. */
    RunningLocalUp(String... args) throws InterruptedException {
        CommandLine cli = Sluice.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        up = (LocalCommand.Up) cli.getSubcommands().get("local").getSubcommands().get("up").getCommand();
        thread = new Thread(() -> exit.set(cli.execute(args)), "local-up-under-test");
        thread.start();
        await("local up to be ready", Duration.ofMinutes(2), () -> out().contains("ready in ") || !thread.isAlive());
        if (!thread.isAlive()) {
            throw new AssertionError("local up ended with " + exit.get() + ":\n" + out() + err());
        }
        Matcher endpoint = ENDPOINT.matcher(out());
        if (!endpoint.find()) {
            throw new AssertionError("no endpoint in:\n" + out());
        }
        lambda = LambdaClient.builder().endpointOverride(URI.create(endpoint.group(1))).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClientBuilder(UrlConnectionHttpClient.builder().socketTimeout(Duration.ofMinutes(2))).build();
    }

    String out() {
        return out.toString();
    }

    String err() {
        return err.toString();
    }

    List<String> outLines() {
        return out().lines().toList();
    }

    ProjectWatch watch() {
        return up.projectWatch();
    }

    /** Invokes a function synchronously and returns its JSON answer; a function error fails. */
    JsonNode invoke(String function, String payload) throws Exception {
        InvokeResponse response = lambda.invoke(b -> b.functionName(function).payload(SdkBytes.fromUtf8String(payload)));
        String body = response.payload().asUtf8String();
        if (response.functionError() != null) {
            throw new AssertionError(function + " failed: " + body);
        }
        return JSON.readTree(body);
    }

    /** Waits for an eventual outcome (never asserts how long it took). */
    static void await(String what, Duration limit, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("gave up waiting for: " + what);
            }
            Thread.sleep(50);
        }
    }

    /** Ends local up as Ctrl-C would and returns its exit code. */
    int stop() throws InterruptedException {
        up.stop();
        thread.join(Duration.ofMinutes(1).toMillis());
        if (thread.isAlive()) {
            throw new AssertionError("local up did not stop");
        }
        return exit.get();
    }

    @Override
    public void close() throws InterruptedException {
        lambda.close();
        if (thread.isAlive()) {
            stop();
        }
    }
}
