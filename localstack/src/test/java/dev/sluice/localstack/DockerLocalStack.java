package dev.sluice.localstack;

import com.github.dockerjava.api.exception.NotFoundException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Optional;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * LocalStack 4.14.0 in Docker through Testcontainers' {@link LocalStackContainer}, for one test class.
 *
 * <p>The image: {@code sluice/localstack:4.14.0} where {@code test-setup} built it (LocalStack from PyPI on a
 * debootstrapped Debian 13, from {@code localstack/docker/}: the build machines reach no image registry), accepted
 * by Testcontainers as a compatible substitute for {@code localstack/localstack}; elsewhere the official
 * {@code localstack/localstack:4.14.0}, pulled from Docker Hub.
 *
 * <p>The network: the local image runs with host networking, the way the build machines' engine runs everything
 * (started with {@code --bridge=none}: no bridge, nothing on private-range addresses). LocalStack itself listens on a
 * free port of 127.0.0.1 ({@code GATEWAY_LISTEN}); nothing is published, so Testcontainers' port mapping does not
 * apply and the endpoint is that port. The official image runs as Testcontainers runs it everywhere else: port 4566
 * mapped to a free port of the host (Docker Desktop has no host networking by default).
 *
 * <p>Required or optional: {@code test-setup} writes {@link #TEST_SETUP_MARKER} once this machine has a Docker engine
 * and the image. Where that file exists the Docker tests must run, and no engine is a failure, not a skip (CI starts
 * from {@code test-setup}). Elsewhere they run when an engine answers and are skipped with the reason otherwise
 * ({@link Availability}).
 */
final class DockerLocalStack implements RunningLocalStack {

    static final String LOCAL_IMAGE = "sluice/localstack:4.14.0";
    static final String OFFICIAL_IMAGE = "localstack/localstack:4.14.0";
    /** Written by test-setup: the image it built. Its presence makes the Docker tests mandatory on this machine. */
    static final Path TEST_SETUP_MARKER = cache().resolve("localstack-docker-image");
    /** LocalStack's output of the last container, kept as host mode keeps {@code localstack-last-run.log}. */
    static final Path LAST_RUN_LOG = cache().resolve("localstack-docker-last-run.log");
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

    private final LocalStackContainer container;
    private final String description;

    private DockerLocalStack(LocalStackContainer container, String description) {
        this.container = container;
        this.description = description;
    }

    static DockerLocalStack start() throws IOException {
        Optional<String> setUp = imageFromTestSetup();
        if (!DockerClientFactory.instance().isDockerAvailable()) {
            throw new IllegalStateException(setUp.isPresent()
                    ? "no Docker engine answers, but test-setup set one up on this machine for the Docker tests ("
                            + TEST_SETUP_MARKER + "): run ./test-setup, which starts dockerd"
                    : "no Docker engine answers");
        }
        String image = setUp.orElseGet(() -> imageExists(LOCAL_IMAGE) ? LOCAL_IMAGE : OFFICIAL_IMAGE);
        if (setUp.isPresent() && !imageExists(image)) {
            throw new IllegalStateException("image " + image + " is missing from the Docker engine, but test-setup "
                    + "built it on this machine (" + TEST_SETUP_MARKER + "): run ./test-setup, which builds it");
        }

        LocalStackContainer container;
        String description;
        if (image.equals(OFFICIAL_IMAGE)) {
            container = new LocalStackContainer(DockerImageName.parse(image));
            description = "Docker, image " + image + ", port 4566 mapped";
        } else {
            int port = RunningLocalStack.freePort();
            container = new OnHostNetwork(DockerImageName.parse(image).asCompatibleSubstituteFor("localstack/localstack"),
                    port);
            description = "Docker, image " + image + ", host network";
        }
        // The settings of host mode (localstack/host/start.sh), whatever the image's defaults.
        container.withEnv("DNS_ADDRESS", "0")
                .withEnv("SQS_ENDPOINT_STRATEGY", "path")
                .withEnv("SKIP_SSL_CERT_DOWNLOAD", "1")
                .withEnv("GATEWAY_SERVER", "hypercorn")
                .withEnv("DISABLE_EVENTS", "1")
                .withEnv("PERSISTENCE", "0")
                .withStartupTimeout(START_TIMEOUT);
        DockerLocalStack localStack = new DockerLocalStack(container, description);
        try {
            container.start(); // waits for LocalStack's "Ready." line
        } catch (RuntimeException e) {
            try {
                localStack.close();
            } catch (IOException | RuntimeException closing) {
                e.addSuppressed(closing);
            }
            throw new IllegalStateException("LocalStack did not start in Docker (" + description + "); its output is in "
                    + LAST_RUN_LOG, e);
        }
        return localStack;
    }

    @Override
    public URI endpoint() {
        return container.getEndpoint();
    }

    @Override
    public String description() {
        return description + ", " + endpoint();
    }

    /** Keeps LocalStack's output in {@link #LAST_RUN_LOG}, then stops and removes the container. */
    @Override
    public void close() throws IOException {
        try {
            if (container.getContainerId() != null) {
                Files.createDirectories(LAST_RUN_LOG.getParent());
                Files.writeString(LAST_RUN_LOG, container.getLogs());
            }
        } finally {
            container.stop();
        }
    }

    private static Optional<String> imageFromTestSetup() throws IOException {
        if (!Files.isRegularFile(TEST_SETUP_MARKER)) {
            return Optional.empty();
        }
        String image = Files.readString(TEST_SETUP_MARKER).trim();
        if (image.isEmpty()) {
            throw new IllegalStateException(TEST_SETUP_MARKER + " is empty: it should name the image test-setup built; "
                    + "run ./test-setup");
        }
        return Optional.of(image);
    }

    private static boolean imageExists(String image) {
        try {
            DockerClientFactory.instance().client().inspectImageCmd(image).exec();
            return true;
        } catch (NotFoundException missing) {
            return false;
        }
    }

    /** Where Sluice caches LocalStack's installs and logs, as localstack/host/start.sh has it. */
    private static Path cache() {
        String cache = System.getenv("SLUICE_CACHE");
        return cache == null || cache.isBlank()
                ? Path.of(System.getProperty("user.home"), ".cache", "sluice")
                : Path.of(cache);
    }

    /**
     * LocalStackContainer on the host's network: nothing is published; LocalStack listens on 127.0.0.1:PORT and the
     * endpoint is that address (Testcontainers' mapped port does not exist here).
     */
    private static final class OnHostNetwork extends LocalStackContainer {

        private final int port;

        OnHostNetwork(DockerImageName image, int port) {
            super(image);
            this.port = port;
            // LocalStackContainer exposes 4566; Testcontainers would wait for its mapping, which host networking never has.
            setExposedPorts(new ArrayList<>());
            // Nor does it get the Docker socket (LocalStack needs it only to start Lambda containers, which it cannot
            // here): with a bind mount, Testcontainers first checks that mounts work by running alpine:3.17, an image
            // it would try to pull from Docker Hub.
            setBinds(new ArrayList<>());
            withNetworkMode("host");
            withEnv("GATEWAY_LISTEN", "127.0.0.1:" + port);
            withEnv("LOCALSTACK_HOST", "127.0.0.1:" + port);
        }

        @Override
        public URI getEndpoint() {
            return URI.create("http://127.0.0.1:" + port);
        }
    }

    /**
     * Runs the Docker test classes where they must run (test-setup's marker) or can (an engine answers); skips them
     * with the reason otherwise ({@link SkippedTestsLog} prints it).
     */
    static final class Availability implements ExecutionCondition {

        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            if (Files.exists(TEST_SETUP_MARKER)) {
                return ConditionEvaluationResult.enabled("test-setup set up Docker on this machine: required");
            }
            if (DockerClientFactory.instance().isDockerAvailable()) {
                return ConditionEvaluationResult.enabled("a Docker engine answers");
            }
            return ConditionEvaluationResult.disabled("no Docker engine answers, and test-setup did not set one up on "
                    + "this machine (no " + TEST_SETUP_MARKER + ")");
        }
    }
}
