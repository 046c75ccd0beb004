package dev.sluice.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** A command line from a project's settings, run through the shell as the CDK toolkit runs {@code app} and {@code build}. */
final class ShellCommand {

    private ShellCommand() {
    }

    /**
     * Runs {@code command} with {@code sh -c} in {@code dir}, this process's environment plus {@code env}, copying its
     * output (stdout and stderr, merged) line by line to {@code out}.
     *
     * @return the exit code
     */
    static int run(String command, Path dir, Map<String, String> env, PrintWriter out) {
        return run(command, dir, env, out, process -> { });
    }

    /** Like {@link #run(String, Path, Map, PrintWriter)}, handing the started process to {@code started} (to stop it). */
    static int run(String command, Path dir, Map<String, String> env, PrintWriter out,
                   Consumer<Process> started) {
        ProcessBuilder builder = new ProcessBuilder(List.of("sh", "-c", command)).directory(dir.toFile())
                .redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.INHERIT);
        builder.environment().putAll(env);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new CommandFailure("cannot run '" + command + "' in " + dir + ": " + e.getMessage(), e);
        }
        started.accept(process);
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line; (line = reader.readLine()) != null; ) {
                out.println(line);
                out.flush();
            }
            return process.waitFor();
        } catch (IOException e) {
            process.destroy();
            throw new CommandFailure("lost the output of '" + command + "': " + e.getMessage(), e);
        } catch (InterruptedException e) {
            process.destroy();
            Thread.currentThread().interrupt();
            throw new CommandFailure("interrupted while running '" + command + "'", e);
        }
    }
}
