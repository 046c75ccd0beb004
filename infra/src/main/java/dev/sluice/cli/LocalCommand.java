package dev.sluice.cli;

import picocli.CommandLine.Command;

/** {@code sluice local ...}: the local cloud. Subcommands are added by the local-cloud work. */
@Command(name = "local", mixinStandardHelpOptions = true,
        header = "Run the whole system on this machine: SQS, EventBridge and Lambda, no Docker.")
public class LocalCommand {
}
