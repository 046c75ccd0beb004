package dev.sluice.cli;

import dev.sluice.local.template.CloudAssembly;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * {@code --project}, {@code -c KEY=VALUE} and {@code --no-build}: which project, and how the commands that synthesize
 * run its CDK app.
 */
final class AppOptions {

    @Option(names = "--project", paramLabel = "DIR",
            description = "The project: DIR or the nearest folder above it holding cdk.json. Default: the current"
                    + " folder's.")
    Path projectDir;

    @Option(names = {"-c", "--context"}, paramLabel = "KEY=VALUE",
            description = "Context for the CDK app (repeatable), over cdk.json's, as with 'cdk -c'.")
    Map<String, String> context = new LinkedHashMap<>();

    @Option(names = "--no-build", description = "Do not run cdk.json's build command first (by default it runs when"
            + " the project's files changed since it last succeeded).")
    boolean noBuild;

    Project project() {
        return projectDir == null ? Project.current() : Project.find(projectDir);
    }

    /** Builds if needed and synthesizes the project's app into its cloud assembly folder. */
    CloudAssembly synth(Project project, PrintWriter log) {
        return new CdkApp(project, log).synth(context, !noBuild);
    }
}
