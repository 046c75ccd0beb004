package dev.sluice.cli;

import dev.sluice.local.template.CloudAssembly;
import dev.sluice.local.template.DeployResult;
import dev.sluice.local.template.TemplateDeployer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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

    /**
     * Deploys what a tool was told to: {@code templates} when there are any, else the project of {@code projectDir}
     * synthesized as {@link #synth} does (nothing when both are absent).
     *
     * @throws SynthFailure when the project cannot be synthesized, with the synth's output for the tool's message
     */
    public static List<DeployResult> deploy(TemplateDeployer deployer, List<Path> templates, Path projectDir,
            Map<String, String> context, boolean runBuild) {
        List<DeployResult> results = new ArrayList<>();
        if (!templates.isEmpty()) {
            for (Path template : templates) {
                results.add(deployer.deploy(template));
            }
        } else if (projectDir != null) {
            StringWriter synthLog = new StringWriter();
            CloudAssembly assembly;
            try (PrintWriter log = new PrintWriter(synthLog, true)) {
                assembly = synth(projectDir, context, runBuild, log);
            } catch (RuntimeException e) {
                throw new SynthFailure(e, synthLog.toString());
            }
            results.addAll(deployer.deployCloudAssembly(assembly.directory()));
        }
        return results;
    }

    /** The project could not be synthesized: {@link #getCause()} says why, {@link #output()} is what the synth printed. */
    public static final class SynthFailure extends IllegalStateException {

        private final String output;

        SynthFailure(RuntimeException cause, String output) {
            super(cause.getMessage(), cause);
            this.output = output;
        }

        public String output() {
            return output;
        }
    }
}
