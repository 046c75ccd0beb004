package dev.sluice.local;

import dev.sluice.local.lambda.runtime.FunctionCode;
import dev.sluice.local.template.TemplateDeployer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A whole local cloud for a test, on a free port, with SDK clients made on first use and closed with it. Either for
 * a test class ({@code @RegisterExtension static final CloudUnderTest local = CloudUnderTest.perClass(...)}: started
 * before its tests in a temporary folder, closed and deleted after them) or for one test
 * ({@code try (CloudUnderTest local = CloudUnderTest.start(dir, ...))}, in the test's folder).
 */
public final class CloudUnderTest extends CloudClients implements BeforeAllCallback, AfterAllCallback {

    private final UnaryOperator<LocalCloud.Builder> options;
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<TemplateDeployer> deployers = new ArrayList<>();
    private Path work;
    private boolean ownsWork;
    private LocalCloud cloud;

    private CloudUnderTest(UnaryOperator<LocalCloud.Builder> options) {
        this.options = options;
    }

    /** @param options applied to {@code LocalCloud.builder().port(0).workDir(...)} */
    public static CloudUnderTest perClass(UnaryOperator<LocalCloud.Builder> options) {
        return new CloudUnderTest(options);
    }

    /** Started now in {@code work}, which the caller owns. */
    public static CloudUnderTest start(Path work, UnaryOperator<LocalCloud.Builder> options) {
        CloudUnderTest local = new CloudUnderTest(options);
        local.startIn(work);
        return local;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        ownsWork = true;
        startIn(Files.createTempDirectory(context.getRequiredTestClass().getSimpleName()));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    private void startIn(Path folder) {
        work = folder;
        cloud = options.apply(LocalCloud.builder().port(0).workDir(folder)).build().start();
    }

    public LocalCloud cloud() {
        return cloud;
    }

    @Override
    public URI endpoint() {
        return cloud.endpoint();
    }

    /** The cloud's folder. */
    public Path work() {
        return work;
    }

    /** A template deployer on this cloud writing its lines to {@code lines}; closed with the cloud. */
    public synchronized TemplateDeployer deployer(Consumer<String> lines) {
        TemplateDeployer deployer = new TemplateDeployer(cloud.endpoint(), "us-east-1", lines);
        deployers.add(deployer);
        return deployer;
    }

    /** An HTTP request to the cloud's edge, e.g. to {@code /_sluice/...}; {@code json} null sends no body. */
    public HttpResponse<String> send(String method, String path, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(cloud.endpoint().resolve(path))
                .header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json));
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(method + " " + path + " was interrupted", e);
        }
    }

    @Override
    public synchronized void close() {
        deployers.forEach(TemplateDeployer::close);
        super.close();
        if (cloud != null) {
            cloud.close();
        }
        if (ownsWork && work != null) {
            try {
                FunctionCode.deleteTree(work);
            } catch (IOException e) {
                throw new UncheckedIOException("could not delete " + work + ": " + e.getMessage(), e);
            }
        }
    }
}
