package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sluice synth} runs the real CDK app in-process (jsii included). */
class SynthCommandTest {

    @TempDir
    Path dir;

    private Path zip;

    @BeforeEach
    void functionZip() throws IOException {
        zip = dir.resolve("function.zip");
        try (OutputStream file = Files.newOutputStream(zip); ZipOutputStream out = new ZipOutputStream(file)) {
            out.putNextEntry(new ZipEntry("application.properties"));
            out.write("quarkus.funqy.export=fulfillOrder\n".getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
    }

    @Test
    void printsEveryStackWithItsTemplate() {
        Path out = dir.resolve("cdk.out");

        CliRun run = CliRun.inProcess("synth", "--out", out.toString(), "--stage", "dev", "--function-zip", zip.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.outLines().get(0)).isEqualTo("Synthesized 2 stack(s) into " + out + ":");
        assertThat(run.out()).contains("dev-SluiceMessaging", "dev-SluiceFunctions");
        assertThat(out.resolve("SluiceMessaging.template.json")).isRegularFile();
        assertThat(out.resolve("SluiceFunctions.template.json")).isRegularFile();
        assertThat(run.out()).contains(out.resolve("SluiceFunctions.template.json").toString());
    }

    @Test
    void missingFunctionZipFailsInOneLine() {
        Path missing = dir.resolve("nope.zip");

        CliRun run = CliRun.inProcess("synth", "--out", dir.resolve("out").toString(), "--function-zip", missing.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.errLines()).hasSize(1);
        assertThat(run.errLines().get(0)).startsWith("sluice: " + missing + " not found: build it with");
    }

    @Test
    void invalidStageIsAUsageError() {
        CliRun run = CliRun.inProcess("synth", "--stage", "9lives", "--function-zip", zip.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines().get(0)).startsWith("sluice: --stage: stage must be 1 to 20 letters");
    }
}
