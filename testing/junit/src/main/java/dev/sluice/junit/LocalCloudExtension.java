package dev.sluice.junit;

import dev.sluice.cli.ProjectApp;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The extension behind {@link LocalCloudTest}: starts one local cloud per test run (kept in the root context's store,
 * which closes it when the run ends), deploys what each class asks for, resolves {@link TestCloud} parameters, and
 * adds the cloud's {@linkplain TestCloud#report() report} to every failed test of the class (unless the failure's message
 * holds it already).
 */
public final class LocalCloudExtension implements BeforeAllCallback, BeforeEachCallback, ParameterResolver,
        TestExecutionExceptionHandler {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(LocalCloudExtension.class);
    private static final String CLOUD = "cloud";

    @Override
    public void beforeAll(ExtensionContext context) {
        TestCloud cloud = cloud(context);
        cloud.ensureDeployed(deployment(settings(context)));
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (settings(context).purgeBeforeEach()) {
            cloud(context).purgeQueues();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == TestCloud.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return cloud(context);
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        Running running = context.getRoot().getStore(NAMESPACE).get(CLOUD, Running.class);
        TestCloud cloud = running == null ? null : running.cloud();
        boolean reported = failure.getMessage() != null && failure.getMessage().contains("---- local cloud at ");
        if (cloud != null && !reported) {
            failure.addSuppressed(new CloudState(cloud.report()));
        }
        throw failure;
    }

    /** The run's cloud, started by the first class that needs it. */
    private static TestCloud cloud(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .computeIfAbsent(CLOUD, key -> new Running(TestCloud.start()), Running.class).cloud();
    }

    private static LocalCloudTest settings(ExtensionContext context) {
        return AnnotationSupport.findAnnotation(context.getRequiredTestClass(), LocalCloudTest.class)
                .orElseThrow(() -> new ExtensionConfigurationException(context.getRequiredTestClass().getName()
                        + " uses " + LocalCloudExtension.class.getSimpleName() + " without @"
                        + LocalCloudTest.class.getSimpleName() + ": annotate the class with @LocalCloudTest"));
    }

    static TestCloud.Deployment deployment(LocalCloudTest settings) {
        Path workingDir = Path.of("").toAbsolutePath();
        List<Path> templates = new ArrayList<>();
        for (String template : settings.templates()) {
            templates.add(workingDir.resolve(template).normalize());
        }
        Map<String, String> context = new LinkedHashMap<>();
        for (String entry : settings.context()) {
            int equals = entry.indexOf('=');
            if (equals < 1) {
                throw new ExtensionConfigurationException("@LocalCloudTest(context = \"" + entry
                        + "\"): each entry must be KEY=VALUE");
            }
            context.put(entry.substring(0, equals).strip(), entry.substring(equals + 1).strip());
        }
        Path project = null;
        if (templates.isEmpty() && !settings.project().equals(LocalCloudTest.NO_PROJECT)) {
            try {
                project = ProjectApp.root(workingDir.resolve(settings.project()));
            } catch (IllegalStateException e) {
                throw new ExtensionConfigurationException("@LocalCloudTest(project = \"" + settings.project()
                        + "\"): " + e.getMessage());
            }
        }
        return new TestCloud.Deployment(project, templates, settings.build(), context);
    }

    /** Keeps the cloud in the root store, which closes it at the end of the run. */
    private record Running(TestCloud cloud) implements AutoCloseable {
        @Override
        public void close() {
            cloud.stop();
        }
    }

    /** Rides along a failed test's exception: the state of the local cloud when it failed. */
    static final class CloudState extends Exception {
        CloudState(String report) {
            super("state of the local cloud at the failure:\n" + report, null, false, false);
        }
    }
}
