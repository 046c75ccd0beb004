package dev.sluice.cli;

import dev.sluice.local.template.CloudAssembly;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code sluice synth}: writes the CloudFormation templates and assets, as {@code cdk synth} would. */
@Command(name = "synth", mixinStandardHelpOptions = true, versionProvider = SluiceVersion.class,
        header = "Synthesize the project's CDK app into CloudFormation templates and assets (a cloud assembly).",
        description = {"The project is the folder holding cdk.json, here or above. Its build command runs first",
                "when the project changed; then its app command writes the assembly into cdk.out (or cdk.json's",
                "output)."})
final class SynthCommand extends SluiceCommand {

    @Mixin
    AppOptions app;

    @Override
    public Integer call() {
        Project project = app.project();
        CloudAssembly assembly = app.synth(project, err());
        PrintWriter w = out();
        w.println("Synthesized " + assembly.stacks().size() + " stack(s) into " + assembly.directory() + ":");
        int width = assembly.stacks().stream().mapToInt(s -> s.stackName().length()).max().orElse(1);
        for (CloudAssembly.Stack stack : assembly.stacks()) {
            w.printf("  %-" + width + "s  %s%n", stack.stackName(), stack.template());
        }
        w.flush();
        return 0;
    }
}
