package dev.sluice.cli;

import dev.sluice.local.template.CloudAssembly;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;

/**
 * A project's CDK app as the CLI synthesizes it, for tools that embed Sluice (the JUnit extension, the Quarkus Dev
 * Services): the project is found by its cdk.json from a folder upwards, cdk.json's {@code build} runs first when asked
 * (and the project changed), then its {@code app} writes the cloud assembly, exactly as {@code sluice synth} does.
 */
public final class ProjectApp {

    private ProjectApp() {
    }

    /** The folder holding the project's cdk.json: {@code start} or the nearest folder above it that has one. */
    public static Path root(Path start) {
        try {
            return Project.find(start).root();
        } catch (CommandFailure e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /**
     * Synthesizes the project of {@code projectDir} (or of the nearest folder above it with a cdk.json).
     *
     * @param context  CDK context over cdk.json's, as {@code -c KEY=VALUE} gives it
     * @param runBuild run cdk.json's build command first, when the project changed since it last succeeded
     * @param log      where progress lines and the build's and app's own output go
     * @throws IllegalStateException with a one-line message when there is no cdk.json, or the build or the app fails
     */
    public static CloudAssembly synth(Path projectDir, Map<String, String> context, boolean runBuild, PrintWriter log) {
        try {
            return new CdkApp(Project.find(projectDir), log).synth(context, runBuild);
        } catch (CommandFailure e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }
}
