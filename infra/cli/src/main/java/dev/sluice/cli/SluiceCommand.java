package dev.sluice.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * What every {@code sluice} command has: {@code --verbose}, and its spec for writing output and refusing input. Output
 * goes through picocli's writers (never System.out) so that tests capture it; failures are exceptions that
 * {@link OneLineErrors} prints: {@link CommandFailure} (exit 1) or {@link #usage} (exit 2).
 */
abstract class SluiceCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    VerboseOption verbose;

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** A usage error (exit 2) saying what is wrong with the input. */
    ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    /**
     * The text of a file the user named; a missing or unreadable file is a usage error naming it as {@code name} (how
     * the command's help speaks of it).
     */
    String readInput(Path file, String name) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw usage(name + ": no such file");
        } catch (IOException e) {
            throw usage(name + ": cannot read: " + e.getMessage());
        }
    }

    /** One line on stderr in the form failures take, {@code sluice: <message>}, for what the command goes on after. */
    void warn(String message) {
        PrintWriter err = err();
        err.println("sluice: " + message);
        err.flush();
    }
}
