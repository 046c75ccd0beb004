package dev.sluice.quarkus.deployment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import org.jboss.logging.Logger;

import dev.sluice.local.LocalCloud;
import dev.sluice.local.core.CloudContext;
import dev.sluice.local.template.DeployResult;
import io.quarkus.deployment.builditem.Startable;

/**
 * The local cloud as a Quarkus Dev Service, in the build JVM: started when the app starts (Quarkus' Dev Services start
 * lazily), then the project is deployed into it; kept while the app restarts with the same settings; stopped with its
 * function JVMs when Quarkus closes it (end of the test run, end of dev mode, or a restart with other settings).
 */
final class LocalCloudDevService implements Startable {

    static final String ACCESS_KEY = "test";
    static final String SECRET_KEY = "test";
    private static final Logger LOG = Logger.getLogger(LocalCloudDevService.class);

    private final LocalCloudSettings settings;
    private LocalCloud cloud;
    private Path workDir;
    private SdkSystemProperties sdkProperties;

    LocalCloudDevService(LocalCloudSettings settings) {
        this.settings = settings;
    }

    @Override
    public void start() {
        long started = System.nanoTime();
        try {
            workDir = Files.createTempDirectory("sluice-devservices-");
        } catch (IOException e) {
            throw new UncheckedIOException("Sluice Dev Services: cannot create a work folder", e);
        }
        cloud = LocalCloud.builder().port(settings.port()).workDir(workDir).build();
        try {
            cloud.start();
            List<DeployResult> deployed = ProjectDeployment.deploy(settings, cloud.endpoint());
            deployed.forEach(cloud.autoscaler()::configure);
            sdkProperties = SdkSystemProperties.set(endpoint(), CloudContext.DEFAULT_REGION,
                    LocalCloudDevServicesProcessor.OWN_ENDPOINT);
            LOG.infof("Sluice Dev Services: local cloud at %s with %s deployed (stacks %s) in %.1f s; no Docker",
                    endpoint(), settings.deployment(), deployed.stream().map(DeployResult::stackName).toList(),
                    (System.nanoTime() - started) / 1e9);
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    /** The edge endpoint, e.g. {@code http://127.0.0.1:4566}. */
    String endpoint() {
        return cloud.endpoint().toString();
    }

    @Override
    public String getConnectionInfo() {
        return endpoint();
    }

    @Override
    public String getContainerId() {
        return null;
    }

    @Override
    public void close() {
        if (sdkProperties != null) {
            sdkProperties.restore();
            sdkProperties = null;
        }
        if (cloud != null) {
            cloud.close();
            cloud = null;
        }
        if (workDir != null) {
            try (Stream<Path> files = Files.walk(workDir)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(file);
                }
            } catch (IOException e) {
                LOG.debugf("could not delete %s: %s", workDir, e);
            }
            workDir = null;
        }
    }
}
