package dev.sluice.quarkus.deployment;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

import dev.sluice.cli.ProjectApp;
import dev.sluice.local.LocalCloud;
import dev.sluice.local.core.CloudContext;
import io.quarkus.bootstrap.classloading.QuarkusClassLoader;
import io.quarkus.deployment.IsNormal;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.deployment.annotations.BuildSteps;
import io.quarkus.deployment.builditem.DevServicesResultBuildItem;
import io.quarkus.deployment.builditem.LaunchModeBuildItem;
import io.quarkus.deployment.dev.devservices.DevServicesConfig;
import io.quarkus.runtime.LaunchMode;

/**
 * Dev Services without Docker: when no endpoint is configured for the app's AWS clients, Sluice's local cloud runs in
 * the build JVM, the project (its CDK app, or templates) is deployed into it, and the app gets its endpoint: through the
 * {@code quarkus.<service>.*} keys of the quarkus-amazon-services clients present (SQS, EventBridge, Lambda), and
 * through the AWS SDK's system properties for SDK clients the app builds itself.
 *
 * <p>Quarkus starts the cloud when the app starts, keeps it for every test class (and every live reload) whose
 * settings are the same, and stops it at the end of the run.
 */
@BuildSteps(onlyIfNot = IsNormal.class, onlyIf = DevServicesConfig.Enabled.class)
public class LocalCloudDevServicesProcessor {

    static final String FEATURE = "sluice";
    /**
     * Set while this JVM's own Dev Service runs: tells its endpoint apart from one the user configured. (System
     * properties are config too: the name stays out of the {@code sluice.} namespace an app may map.)
     */
    static final String OWN_ENDPOINT = "dev.sluice.devservices.own-endpoint";
    /** Set once dev mode uses a local cloud that was already running (shared): later restarts keep using it. */
    static final String SHARED_ENDPOINT = "dev.sluice.devservices.shared-endpoint";
    static final int DEV_MODE_PORT = LocalCloud.DEFAULT_PORT;

    private static final Logger LOG = Logger.getLogger(LocalCloudDevServicesProcessor.class);
    /** The quarkus-amazon-services clients Sluice serves: config prefix, and a class only their runtime module has. */
    private static final Map<String, String> AMAZON_CLIENTS = Map.of(
            "sqs", "io.quarkiverse.amazon.sqs.runtime.SqsConfig",
            "eventbridge", "io.quarkiverse.amazon.eventbridge.runtime.EventBridgeConfig",
            "lambda", "io.quarkiverse.amazon.lambda.runtime.LambdaConfig");
    /** Deployments already made into shared clouds by this JVM: endpoint + settings. */
    private static final Set<String> SHARED_DEPLOYMENTS = ConcurrentHashMap.newKeySet();

    @BuildStep
    DevServicesResultBuildItem localCloud(LocalCloudBuildTimeConfig config, LaunchModeBuildItem launchMode) {
        LocalCloudBuildTimeConfig.DevServices devServices = config.devservices();
        if (!devServices.enabled()) {
            LOG.debug("Sluice Dev Services are off (quarkus.sluice.devservices.enabled=false)");
            return null;
        }
        Config appConfig = ConfigProvider.getConfig();
        Optional<String> configured = configuredEndpoint(appConfig);
        if (configured.isPresent()) {
            LOG.infof("Sluice Dev Services: not starting the local cloud, %s is set", configured.get());
            return null;
        }
        List<String> clients = amazonClients();
        warnAboutContainerDevServices(appConfig, clients);

        boolean devMode = launchMode.getLaunchMode() == LaunchMode.DEVELOPMENT;
        LocalCloudSettings settings = settings(devServices, devMode);
        if (devMode && devServices.shared() && (System.getProperty(SHARED_ENDPOINT) != null
                || System.getProperty(OWN_ENDPOINT) == null && answersAsLocalCloud(settings.port()))) {
            return shared(settings, clients);
        }
        return DevServicesResultBuildItem.owned()
                .feature(FEATURE)
                .serviceName("local-cloud")
                .serviceConfig(settings.identity())
                .description("Sluice local cloud (SQS, EventBridge, Lambda; no Docker)")
                .startable(() -> new LocalCloudDevService(settings))
                .config(staticConfig(clients))
                .configProvider(endpointConfig(clients))
                .build();
    }

    /** The first setting that points the app's AWS clients somewhere already, if any. */
    static Optional<String> configuredEndpoint(Config config) {
        for (String client : AMAZON_CLIENTS.keySet()) {
            String key = "quarkus." + client + ".endpoint-override";
            if (config.getOptionalValue(key, String.class).filter(v -> !v.isBlank()).isPresent()) {
                return Optional.of(key);
            }
        }
        String variable = System.getenv("AWS_ENDPOINT_URL");
        if (variable != null && !variable.isBlank()) {
            return Optional.of("AWS_ENDPOINT_URL");
        }
        String property = System.getProperty(SdkSystemProperties.ENDPOINT);
        if (property != null && !property.isBlank() && !property.equals(System.getProperty(OWN_ENDPOINT))
                && !property.equals(System.getProperty(SHARED_ENDPOINT))) {
            return Optional.of("the system property " + SdkSystemProperties.ENDPOINT);
        }
        return Optional.empty();
    }

    private static LocalCloudSettings settings(LocalCloudBuildTimeConfig.DevServices devServices, boolean devMode) {
        Path moduleDir = Path.of("").toAbsolutePath();
        int port = devServices.port().orElse(devMode ? (portFree(DEV_MODE_PORT) || answersAsLocalCloud(DEV_MODE_PORT)
                ? DEV_MODE_PORT : 0) : 0);
        List<Path> templates = new ArrayList<>();
        devServices.templates().orElse(List.of()).forEach(t -> templates.add(moduleDir.resolve(t).normalize()));
        Path project = null;
        if (templates.isEmpty()) {
            Path start = moduleDir.resolve(devServices.project().orElse(".")).normalize();
            try {
                project = ProjectApp.root(start);
            } catch (IllegalStateException e) {
                throw new IllegalStateException("Sluice Dev Services: " + e.getMessage() + " (set"
                        + " quarkus.sluice.devservices.project or .templates, or quarkus.sluice.devservices.enabled"
                        + "=false)", e);
            }
        }
        return new LocalCloudSettings(port, project, templates, devServices.build());
    }

    /** Uses the local cloud already on the port (dev mode): deploys the project into it once per JVM. */
    private static DevServicesResultBuildItem shared(LocalCloudSettings settings, List<String> clients) {
        String endpoint = "http://" + LocalCloud.DEFAULT_HOST + ":" + settings.port();
        if (SHARED_DEPLOYMENTS.add(endpoint + " " + settings.identity())) {
            ProjectDeployment.deploy(settings, URI.create(endpoint));
            SdkSystemProperties.set(endpoint, CloudContext.DEFAULT_REGION, SHARED_ENDPOINT);
            LOG.infof("Sluice Dev Services: using the local cloud already running at %s (shared); %s deployed into it",
                    endpoint, settings.deployment());
        }
        Map<String, String> config = new LinkedHashMap<>(staticConfig(clients));
        endpointConfig(clients).forEach((key, value) -> config.put(key, endpoint));
        return DevServicesResultBuildItem.discovered().feature(FEATURE).config(config)
                .description("Sluice local cloud at " + endpoint + " (shared)").build();
    }

    /** The quarkus-amazon-services clients in the app, by config prefix. */
    private static List<String> amazonClients() {
        return AMAZON_CLIENTS.entrySet().stream()
                .filter(client -> QuarkusClassLoader.isClassPresentAtRuntime(client.getValue()))
                .map(Map.Entry::getKey).sorted().toList();
    }

    private static Map<String, String> staticConfig(List<String> clients) {
        Map<String, String> config = new LinkedHashMap<>();
        for (String client : clients) {
            String prefix = "quarkus." + client + ".aws.";
            config.put(prefix + "region", CloudContext.DEFAULT_REGION);
            config.put(prefix + "credentials.type", "static");
            config.put(prefix + "credentials.static-provider.access-key-id", LocalCloudDevService.ACCESS_KEY);
            config.put(prefix + "credentials.static-provider.secret-access-key", LocalCloudDevService.SECRET_KEY);
        }
        return config;
    }

    private static Map<String, Function<LocalCloudDevService, String>> endpointConfig(List<String> clients) {
        Map<String, Function<LocalCloudDevService, String>> config = new LinkedHashMap<>();
        for (String client : clients) {
            config.put("quarkus." + client + ".endpoint-override", LocalCloudDevService::endpoint);
        }
        return config;
    }

    /**
     * quarkus-amazon-services' own Dev Services start LocalStack in a container where Docker runs, and fail the build
     * where it does not; a build step cannot turn another extension's build-time setting off, so this says which.
     */
    private static void warnAboutContainerDevServices(Config config, List<String> clients) {
        for (String client : clients) {
            String key = "quarkus." + client + ".devservices.enabled";
            if (!config.getOptionalValue(key, Boolean.class).orElse(true).equals(Boolean.FALSE)) {
                LOG.warnf("Sluice Dev Services serve quarkus-amazon-%s, whose own Dev Services are on: they need Docker"
                        + " (without it they fail the build) and would start LocalStack next to the local cloud. Set"
                        + " %s=false", client, key);
            }
        }
    }

    private static boolean answersAsLocalCloud(int port) {
        if (port <= 0) {
            return false;
        }
        try {
            HttpURLConnection connection = (HttpURLConnection) URI.create("http://" + LocalCloud.DEFAULT_HOST + ":"
                    + port + "/_sluice/health").toURL().openConnection();
            connection.setConnectTimeout(500);
            connection.setReadTimeout(2000);
            try {
                return connection.getResponseCode() == 200;
            } finally {
                connection.disconnect();
            }
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean portFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName(LocalCloud.DEFAULT_HOST))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
