package dev.sluice.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import dev.sluice.infra.app.SluiceApp;
import software.amazon.awscdk.cxapi.CloudAssembly;
import software.amazon.awscdk.cxapi.CloudFormationStackArtifact;

/** Synthesizes the Sluice CDK app in this JVM (no {@code cdk synth} subprocess, no cdk.json). */
final class Synthesizer {

    /** A synthesized stack and the template CloudFormation will receive. */
    record SynthesizedStack(String name, Path template) {
    }

    record Result(Path directory, List<SynthesizedStack> stacks) {
    }

    Result synth(Path outDir, String stage, Path functionZip) {
        if (!Files.isRegularFile(functionZip)) {
            throw new CommandFailure(functionZip + " not found: build it with ./mvnw -B -pl functions package"
                    + " (the ./sluice launcher does this on first run)");
        }
        Map<String, Object> context = new LinkedHashMap<>();
        context.put(SluiceApp.FUNCTION_ZIP_CONTEXT, functionZip.toAbsolutePath().toString());
        if (stage != null) {
            context.put(SluiceApp.STAGE_CONTEXT, stage);
        }
        CloudAssembly assembly = callSluiceApp(outDir.toAbsolutePath(), context);
        List<SynthesizedStack> stacks = new ArrayList<>();
        for (CloudFormationStackArtifact stack : assembly.getStacks()) {
            stacks.add(new SynthesizedStack(stack.getStackName(), Path.of(stack.getTemplateFullPath())));
        }
        return new Result(Path.of(assembly.getDirectory()), stacks);
    }

    private static CloudAssembly callSluiceApp(Path outDir, Map<String, Object> context) {
        try {
            return SluiceApp.synth(outDir, context);
        } catch (RuntimeException e) {
            // jsii wraps the app's own exceptions; the first line of the innermost message is the useful part.
            Throwable cause = e;
            while (cause.getCause() != null && cause.getCause().getMessage() != null) {
                cause = cause.getCause();
            }
            String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
            throw new CommandFailure("synth failed: " + message.lines().findFirst().orElse(message), e);
        }
    }
}
