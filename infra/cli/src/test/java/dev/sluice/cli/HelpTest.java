package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class HelpTest {

    @ParameterizedTest
    @ValueSource(strings = {"synth", "deploy", "destroy", "status", "send", "invoke", "logs", "trigger", "redrive",
        "chaos", "replay", "local"})
    void everyCommandHasHelp(String command) {
        CliRun run = CliRun.inProcess(command, "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out().replaceAll("\\s+", " ")).startsWith(headerOf(command)).contains("Usage: sluice " + command);
        assertThat(run.err()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"synth", "deploy", "destroy", "status", "send", "invoke", "logs", "trigger", "redrive",
        "chaos", "replay"})
    void everyCommandHasVersion(String command) {
        CliRun run = CliRun.inProcess(command, "--version");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("sluice " + SluiceVersion.DEVELOPMENT);
    }

    @Test
    void topLevelHelpListsTheCommands() {
        CliRun run = CliRun.inProcess("--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("synth", "deploy", "destroy", "status", "send", "invoke", "logs", "trigger",
                "redrive", "chaos", "replay", "local");
    }

    @Test
    void noCommandIsAUsageError() {
        CliRun run = CliRun.inProcess();

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).first().isEqualTo("sluice: missing command: try 'sluice --help'");
    }

    private static String headerOf(String command) {
        return Sluice.commandLine().getSubcommands().get(command).getCommandSpec().usageMessage().header()[0];
    }
}
