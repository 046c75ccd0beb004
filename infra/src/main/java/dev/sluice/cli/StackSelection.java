package dev.sluice.cli;

import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code --target}, {@code --stack} and {@code --stage}, shared by deploy and destroy: which stacks, where, and the
 * toolkit run that acts on them.
 */
final class StackSelection {

    @Option(names = "--target", required = true, paramLabel = "TARGET",
            description = "Where the stacks are deployed: ${COMPLETION-CANDIDATES}.")
    Target target;

    @Option(names = "--stack", paramLabel = "NAME", converter = StackName.Converter.class,
            description = "Only this stack: SluiceMessaging (messaging) or SluiceFunctions (functions); deploy also "
                    + "deploys what it depends on. Default: all.")
    StackName stack;

    @Mixin
    StageOption stage;

    /**
     * Points a LocalStack target at LocalStack unless an endpoint was given, then checks that the credentials work
     * there (one clear line if not).
     *
     * @return the account the stacks go to
     */
    String account(AwsOptions aws) {
        if (target == Target.localstack && aws.endpoint() == null) {
            aws.endpointUrl = CdkToolkit.LOCALSTACK_ENDPOINT;
        }
        return target == Target.aws ? CallerIdentity.ofAwsAccount(aws) : CallerIdentity.ofEndpoint(aws);
    }

    /** The selected stack names for the toolkit; empty for all. */
    List<String> stackNames() {
        return stack == null ? List.of() : List.of(stack.name());
    }

    /** Synthesizes the app (the toolkit selects stacks from a cloud assembly) and installs the pinned toolkit. */
    Prepared prepare(AwsOptions aws, PrintWriter out, PrintWriter err) {
        RepoLayout repo = RepoLayout.locate();
        Synthesizer.Result assembly = new Synthesizer().synth(repo.cloudAssembly(), stage.stage(), repo.functionZip());
        CdkToolkit toolkit = CdkToolkit.of(repo, target, aws, out, err);
        toolkit.install();
        return new Prepared(assembly, toolkit);
    }

    /** A synthesized app and the toolkit, ready to deploy or destroy it. */
    record Prepared(Synthesizer.Result assembly, CdkToolkit toolkit) {
    }
}
