package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A watched build output hands out a new version only when it is a whole zip that stopped changing. */
class BuildOutputTest {

    private static final Duration SETTLE = Duration.ofMillis(300);

    @TempDir
    Path dir;

    private static byte[] zip(String... entries) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (String entry : entries) {
                zip.putNextEntry(new ZipEntry(entry));
                zip.write(entry.getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    @Test
    void aWholeZipIsComplete() throws Exception {
        assertThat(BuildOutput.completeZip(zip("a.class", "lib/b.jar"))).isTrue();
        assertThat(BuildOutput.completeZip(zip())).isTrue();
    }

    @Test
    void aZipStillBeingWrittenIsNot() throws Exception {
        byte[] whole = zip("a.class", "lib/b.jar", "c.properties");
        for (int length : new int[] {0, 10, whole.length / 2, whole.length - 23, whole.length - 1}) {
            assertThat(BuildOutput.completeZip(Arrays.copyOf(whole, length))).as("first %d bytes", length).isFalse();
        }
        assertThat(BuildOutput.completeZip("not a zip at all, just text".getBytes(StandardCharsets.UTF_8))).isFalse();
    }

    @Test
    void aChangeIsHandedOutOnceAfterItSettled() throws Exception {
        Path file = Files.write(dir.resolve("function.zip"), zip("v1.class"));
        BuildOutput output = new BuildOutput(file, "function.zip", List.of("fn"));
        assertThat(output.poll(SETTLE, false, () -> { })).as("what was deployed").isNull();

        Files.write(file, zip("v2.class"));
        Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis() - 1_000));
        assertThat(output.poll(SETTLE, false, () -> { })).as("seen changing: looked at again next time").isNull();
        BuildOutput.Version version = output.poll(SETTLE, false, () -> { });

        assertThat(version).isNotNull();
        assertThat(version.sha256()).isEqualTo(CodeOrigins.sha256(file));
        assertThat(output.poll(SETTLE, false, () -> { })).isNull();
    }

    @Test
    void afterTheBuildEndedTheOutputIsTakenAtOnce() throws Exception {
        Path file = Files.write(dir.resolve("function.zip"), zip("v1.class"));
        BuildOutput output = new BuildOutput(file, "function.zip", List.of("fn"));

        Files.write(file, zip("v2.class"));

        assertThat(output.poll(SETTLE, true, () -> { })).isNotNull();
    }

    @Test
    void aFileThatStaysBrokenIsReportedOnce() throws Exception {
        Path file = Files.write(dir.resolve("function.zip"), zip("v1.class"));
        BuildOutput output = new BuildOutput(file, "function.zip", List.of("fn"));
        AtomicInteger reports = new AtomicInteger();

        Files.write(file, Arrays.copyOf(zip("v2.class"), 20));
        Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis() - 60_000));
        for (int i = 0; i < 3; i++) {
            assertThat(output.poll(SETTLE, false, reports::incrementAndGet)).isNull();
        }

        assertThat(reports).hasValue(1);
    }
}
