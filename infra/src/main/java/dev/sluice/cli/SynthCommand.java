package dev.sluice.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sluice synth}: writes the CloudFormation templates and assets, as {@code cdk synth} would. */
@Command(name = "synth", mixinStandardHelpOptions = true, versionProvider = SluiceVersion.class,
        header = "Synthesize the CDK app into CloudFormation templates and assets (a cloud assembly).")
final class SynthCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    VerboseOption verbose;

    @Option(names = "--out", paramLabel = "DIR", description = "Output directory. Default: cdk.out at the repository root.")
    Path out;

    @Mixin
    StageOption stage;

    @Option(names = "--function-zip", paramLabel = "FILE",
            description = "The functions' Lambda package. Default: functions/target/function.zip.")
    Path functionZip;

    @Override
    public Integer call() {
        RepoLayout repo = RepoLayout.locate();
        Path dir = out != null ? out : repo.cloudAssembly();
        Synthesizer.Result result = new Synthesizer().synth(dir, stage.stage(), functionZip != null ? functionZip : repo.functionZip());
        PrintWriter w = spec.commandLine().getOut();
        w.println("Synthesized " + result.stacks().size() + " stack(s) into " + result.directory() + ":");
        for (Synthesizer.SynthesizedStack stack : result.stacks()) {
            w.printf("  %-" + width(result) + "s  %s%n", stack.name(), stack.template());
        }
        w.flush();
        return 0;
    }

    private static int width(Synthesizer.Result result) {
        return result.stacks().stream().mapToInt(s -> s.name().length()).max().orElse(1);
    }
}
