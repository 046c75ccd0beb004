package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import picocli.CommandLine;

/**
 * The outcome of one {@code sluice} invocation: exit code and what it wrote to stdout and stderr. Published in this
 * module's test-jar for the other modules that drive the CLI in-process (a new project's build, LocalStack).
 */
public record CliRun(int exitCode, String out, String err) {

    /** Runs the CLI in this JVM, as {@code main} would, capturing its output. */
    public static CliRun inProcess(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Sluice.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new CliRun(exit, out.toString(), err.toString());
    }

    /**
     * Runs the CLI in this JVM expecting a usage error: checks that it exits with 2 and returns its first line on
     * stderr, the one that names the problem.
     */
    public static String usageError(String... args) {
        CliRun run = inProcess(args);
        assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
        return run.errLines().get(0);
    }

    public List<String> errLines() {
        return err.lines().toList();
    }

    public List<String> outLines() {
        return out.lines().toList();
    }
}
