package dev.sluice.cli;

import dev.sluice.local.template.CloudAssembly;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code --target} and {@code --stack}, shared by deploy and destroy: which of the project's stacks, where, and the
 * toolkit run that acts on them.
 */
final class StackSelection {

    @Option(names = "--target", required = true, paramLabel = "TARGET",
            description = "Where the stacks are deployed: ${COMPLETION-CANDIDATES}.")
    Target target;

    @Option(names = "--stack", paramLabel = "NAME",
            description = "Only this stack: its id or name, or a part of it that names one stack (case ignored);"
                    + " deploy also deploys what it depends on. Default: all.")
    String stack;

    @Mixin
    AppOptions app;

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

    /** Synthesizes the project (the toolkit selects stacks from a cloud assembly) and installs the pinned toolkit. */
    Prepared prepare(AwsOptions aws, PrintWriter out, PrintWriter err) {
        Project project = app.project();
        CloudAssembly assembly = app.synth(project, err);
        List<String> stacks = stack == null ? List.of() : List.of(select(assembly, stack).id());
        CdkToolkit toolkit = CdkToolkit.of(SluiceHome.locate(), project, target, aws, out, err);
        toolkit.install();
        return new Prepared(assembly, stacks, toolkit);
    }

    /** The stack {@code wanted} names: an exact id or stack name, else the one stack whose id or name contains it. */
    static CloudAssembly.Stack select(CloudAssembly assembly, String wanted) {
        String lower = wanted.strip().toLowerCase(Locale.ROOT);
        for (CloudAssembly.Stack s : assembly.stacks()) {
            if (s.id().equalsIgnoreCase(lower) || s.stackName().equalsIgnoreCase(lower)) {
                return s;
            }
        }
        List<CloudAssembly.Stack> partial = assembly.stacks().stream()
                .filter(s -> s.id().toLowerCase(Locale.ROOT).contains(lower)
                        || s.stackName().toLowerCase(Locale.ROOT).contains(lower))
                .toList();
        if (partial.size() == 1) {
            return partial.get(0);
        }
        String known = String.join(", ", assembly.stacks().stream().map(CloudAssembly.Stack::id).toList());
        String problem = partial.isEmpty() ? "no stack matches '" + wanted + "'"
                : "'" + wanted + "' matches several stacks";
        throw new CommandFailure(problem + "; the app's stacks are: " + known);
    }

    /** A synthesized app, the selected stack ids (empty for all) and the toolkit, ready to deploy or destroy. */
    record Prepared(CloudAssembly assembly, List<String> stacks, CdkToolkit toolkit) {
    }
}
