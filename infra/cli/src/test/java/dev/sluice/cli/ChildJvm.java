package dev.sluice.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code sluice} in a fresh JVM, as the launcher does, with no AWS configuration from this machine:
 * the credential chain sees empty config files, no AWS_* variables and no instance metadata.
 */
final class ChildJvm {

    private ChildJvm() {
    }

    static CliRun run(Path scratch, Map<String, String> extraEnv, String... args) throws IOException, InterruptedException {
        Path emptyConfig = Files.createTempFile(scratch, "aws-config", "");
        Path stdout = scratch.resolve("stdout-" + System.nanoTime());
        Path stderr = scratch.resolve("stderr-" + System.nanoTime());
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                Sluice.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("AWS_") || name.startsWith("SLUICE_")
                || name.equals("JAVA_TOOL_OPTIONS") || name.equals("_JAVA_OPTIONS") || name.equals("JDK_JAVA_OPTIONS"));
        env.put("AWS_SHARED_CREDENTIALS_FILE", emptyConfig.toString());
        env.put("AWS_CONFIG_FILE", emptyConfig.toString());
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        env.putAll(extraEnv);
        Process process = builder.start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("sluice " + String.join(" ", args) + " did not finish");
        }
        return new CliRun(process.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8),
                Files.readString(stderr, StandardCharsets.UTF_8));
    }
}
