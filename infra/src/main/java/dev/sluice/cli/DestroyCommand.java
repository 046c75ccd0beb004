package dev.sluice.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sluice destroy}: deletes the stacks with the pinned CDK toolkit. */
@Command(name = "destroy", mixinStandardHelpOptions = true, versionProvider = SluiceVersion.class,
        header = "Delete the deployed stacks from AWS or LocalStack with the CDK toolkit.")
final class DestroyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    AwsOptions aws;

    @Mixin
    VerboseOption verbose;

    @Option(names = "--target", required = true, paramLabel = "TARGET",
            description = "Where the stacks are: ${COMPLETION-CANDIDATES}.")
    Target target;

    @Option(names = "--stack", paramLabel = "NAME", converter = StackName.Converter.class,
            description = "Destroy only this stack: SluiceMessaging (messaging) or SluiceFunctions (functions). "
                    + "Default: all.")
    StackName stack;

    @Mixin
    StageOption stage;

    @Option(names = "--force", description = "Do not ask for confirmation.")
    boolean force;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (target == Target.localstack && aws.endpoint() == null) {
            aws.endpointUrl = CdkToolkit.LOCALSTACK_ENDPOINT;
        }
        if (target == Target.aws) {
            CallerIdentity.ofAwsAccount(aws);
        } else {
            CallerIdentity.ofEndpoint(aws);
        }
        RepoLayout repo = RepoLayout.locate();
        // The toolkit selects stacks from a cloud assembly, so synthesize the same app that was deployed.
        Synthesizer.Result assembly = new Synthesizer().synth(repo.cloudAssembly(), stage.stage(), repo.functionZip());
        CdkToolkit toolkit = CdkToolkit.of(repo, target, aws, out, err);
        toolkit.install();
        toolkit.destroy(assembly.directory(), stack == null ? List.of() : List.of(stack.name()), force);
        return 0;
    }
}
