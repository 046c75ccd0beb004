package dev.sluice.cli;

import dev.sluice.scaling.ScalingSetting;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code sluice} command: synthesizes and deploys the CDK app, inspects and feeds the queues and
 * buses, invokes functions and reads their logs, and runs the local cloud. Exit codes: 0 ok, 1 failure, 2 usage error.
 */
@Command(name = "sluice", mixinStandardHelpOptions = true, versionProvider = SluiceVersion.class,
        header = "Event-driven serverless functions in Java: deploy, inspect and run them locally.",
        description = {"Works on the project in the current folder or above it: the folder holding cdk.json."},
        subcommands = {
                NewCommand.class,
                SynthCommand.class,
                DeployCommand.class,
                DestroyCommand.class,
                StatusCommand.class,
                SendCommand.class,
                InvokeCommand.class,
                LogsCommand.class,
                TriggerCommand.class,
                ReplayCommand.class,
                RedriveCommand.class,
                ChaosCommand.class,
                LocalCommand.class,
                CommandLine.HelpCommand.class,
        })
public final class Sluice implements Runnable {

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line: the one {@code main} runs and tests drive in-process. */
    public static CommandLine commandLine() {
        // Help texts name the autoscaler's settings from their one declaration (picocli reads ${...} from here).
        System.setProperty("sluice.scaling.keys", String.join(", ", ScalingSetting.keys()));
        return new CommandLine(new Sluice())
                .setExecutionExceptionHandler(new OneLineErrors())
                .setParameterExceptionHandler(new OneLineErrors());
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing command: try 'sluice --help'");
    }
}
