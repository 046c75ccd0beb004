package dev.sluice.cli;

import picocli.CommandLine.Option;

/** {@code --verbose}: shared by every command; {@link OneLineErrors} reads it to add stack traces. */
final class VerboseOption {

    @Option(names = {"-v", "--verbose"}, description = "Print stack traces and more detail on failure.")
    boolean verbose;
}
