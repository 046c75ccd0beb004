package dev.sluice.cli;

import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sluice destroy}: deletes the stacks with the pinned CDK toolkit. */
@Command(name = "destroy", mixinStandardHelpOptions = true, versionProvider = SluiceVersion.class,
        header = "Delete the project's deployed stacks from AWS or LocalStack with the CDK toolkit.")
final class DestroyCommand extends AwsCommand {

    @Mixin
    StackSelection selection;

    @Option(names = "--force", description = "Do not ask for confirmation.")
    boolean force;

    @Override
    public Integer call() {
        PrintWriter out = out();
        PrintWriter err = err();
        selection.account(aws);
        StackSelection.Prepared prepared = selection.prepare(aws, out, err);
        prepared.toolkit().destroy(prepared.assembly().directory(), prepared.stacks(), force);
        return 0;
    }
}
