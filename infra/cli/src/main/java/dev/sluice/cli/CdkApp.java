package dev.sluice.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.sluice.local.core.Json;
import dev.sluice.local.template.CloudAssembly;
import dev.sluice.local.template.TemplateException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A project's CDK app, synthesized the way the CDK toolkit does it: cdk.json's {@code build} command first (only when
 * the project's files changed since it last succeeded), then the {@code app} command through the shell, in the
 * project folder, with the output folder and the context in {@code CDK_OUTDIR} and {@code CDK_CONTEXT_JSON}. Any
 * CDK app works (Java, TypeScript, Python...); an {@code app} that names a folder is an existing cloud assembly.
 */
final class CdkApp {

    /** What the toolkit sets by default: the local cloud finds function code through the asset metadata. */
    private static final Map<String, Object> TOOLKIT_DEFAULTS = Map.of(
            "aws:cdk:enable-asset-metadata", true,
            "aws:cdk:enable-path-metadata", true);

    private final Project project;
    private final PrintWriter log;

    /** @param log where progress lines and the build's and app's own output go (stderr: stdout is the command's) */
    CdkApp(Project project, PrintWriter log) {
        this.project = project;
        this.log = log;
    }

    /**
     * Builds (when needed and {@code build} is true) and synthesizes the app into the project's cloud assembly folder.
     *
     * @param context values from the command line ({@code -c key=value}), over cdk.json's and cdk.context.json's
     */
    CloudAssembly synth(Map<String, String> context, boolean build) {
        if (build) {
            build();
        }
        String app = project.app();
        Path existing = project.root().resolve(app.strip());
        if (!app.contains(" ") && Files.isRegularFile(existing.resolve("manifest.json"))) {
            return read(existing);
        }
        Path out = project.cloudAssembly();
        Map<String, Object> merged = new LinkedHashMap<>(TOOLKIT_DEFAULTS);
        merged.putAll(project.context());
        merged.putAll(context);
        Map<String, String> env = new LinkedHashMap<>();
        env.put("CDK_OUTDIR", out.toString());
        try {
            env.put("CDK_CONTEXT_JSON", Json.MAPPER.writeValueAsString(merged));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        log.println("sluice: synthesizing " + project.root() + " (" + app + ")");
        log.flush();
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new CommandFailure("cannot create " + out + ": " + e.getMessage(), e);
        }
        int exit = ShellCommand.run(app, project.root(), env, log);
        if (exit != 0) {
            throw new CommandFailure("synth failed: the app command exited with code " + exit + " (its output is"
                    + " above): " + app);
        }
        return read(out);
    }

    /** Runs cdk.json's build command if there is one and the project changed since its last successful run. */
    void build() {
        String command = project.build().orElse(null);
        if (command == null) {
            return;
        }
        BuildStamp stamp = new BuildStamp(project, command);
        if (!stamp.stale()) {
            return;
        }
        log.println("sluice: building " + project.root() + " (" + command + ")");
        log.flush();
        int exit = ShellCommand.run(command, project.root(), Map.of(), log);
        if (exit != 0) {
            throw new CommandFailure("build failed: the build command exited with code " + exit + " (its output is"
                    + " above): " + command);
        }
        stamp.record();
    }

    private static CloudAssembly read(Path directory) {
        try {
            return CloudAssembly.read(directory);
        } catch (TemplateException e) {
            throw new CommandFailure("synth wrote no usable cloud assembly: " + e.getMessage(), e);
        }
    }
}
