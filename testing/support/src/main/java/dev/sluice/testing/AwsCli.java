package dev.sluice.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The AWS CLI (v1, {@code aws} on the PATH, as the build machines have it) against one endpoint: every run adds
 * {@code --endpoint-url}, {@code --region} and {@code --output json}, with throwaway credentials ({@code test}) and
 * none of the developer's own profiles, credentials or pager.
 *
 * <pre>{@code
 * AwsCli aws = new AwsCli(cloud.endpoint(), "us-east-1");
 * JsonNode identity = aws.run("sts", "get-caller-identity").json();
 * }</pre>
 */
public final class AwsCli {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long TIMEOUT_SECONDS = 90;

    private final URI endpoint;
    private final String region;
    private final List<String> prefix;
    private final Path home;

    /** What one run printed, and how it ended. */
    public record Result(int exitCode, String out, String err) {

        /** Standard output as JSON (an empty object when it printed nothing); fails unless the run succeeded. */
        public JsonNode json() {
            if (exitCode != 0) {
                throw new AssertionError("aws exited with " + exitCode + "; stderr: " + err);
            }
            try {
                return out.isBlank() ? JSON.createObjectNode() : JSON.readTree(out);
            } catch (IOException e) {
                throw new AssertionError("aws printed no JSON: " + out, e);
            }
        }
    }

    /** @param prefix arguments put before every run's own, e.g. {@code "lambda"} */
    public AwsCli(URI endpoint, String region, String... prefix) {
        this.endpoint = endpoint;
        this.region = region;
        this.prefix = List.of(prefix);
        try {
            this.home = Files.createTempDirectory("aws-cli");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs {@code aws <prefix> <args>} and waits for it (at most 90 s). */
    public Result run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("aws"));
        command.addAll(prefix);
        command.addAll(List.of(args));
        command.addAll(List.of("--endpoint-url", endpoint.toString(), "--region", region, "--output", "json"));
        Path err = Files.createTempFile(home, "aws", ".err");
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(err.toFile());
        Map<String, String> env = builder.environment();
        env.put("AWS_ACCESS_KEY_ID", "test");
        env.put("AWS_SECRET_ACCESS_KEY", "test");
        env.put("AWS_DEFAULT_REGION", region);
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        env.put("AWS_PAGER", "");
        // Keep the developer's own profiles and credentials out of the test.
        env.put("AWS_CONFIG_FILE", home.resolve("config").toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", home.resolve("credentials").toString());
        env.remove("AWS_PROFILE");
        env.remove("AWS_SESSION_TOKEN");
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("aws " + String.join(" ", args) + " did not finish within " + TIMEOUT_SECONDS
                    + " s");
        }
        try {
            return new Result(process.exitValue(), out, Files.readString(err));
        } finally {
            Files.deleteIfExists(err);
        }
    }
}
