package dev.sluice.local.lambda.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An environment's own folder: created empty, measured, deleted; folders of local clouds gone are cleaned up. */
class EnvironmentFolderTest {

    @TempDir
    Path workDir;

    @Test
    void eachEnvironmentGetsAnEmptyTmpThatGoesWithIt() throws IOException {
        EnvironmentFolder one = EnvironmentFolder.create(workDir, "fn");
        EnvironmentFolder two = EnvironmentFolder.create(workDir, "fn");
        Files.writeString(one.tmp().resolve("a.txt"), "12345");
        Files.createDirectories(one.tmp().resolve("sub"));
        Files.writeString(one.tmp().resolve("sub/b.txt"), "123");

        assertThat(one.tmp()).isNotEqualTo(two.tmp());
        assertThat(two.tmp()).isEmptyDirectory();
        assertThat(EnvironmentFolder.size(one.tmp())).isEqualTo(8);
        one.delete();
        assertThat(one.root()).doesNotExist();
        assertThat(two.tmp()).exists();
        assertThat(EnvironmentFolder.size(one.tmp())).isZero();
    }

    @Test
    void foldersOfLocalCloudsThatNoLongerRunAreDeleted() throws IOException {
        EnvironmentFolder mine = EnvironmentFolder.create(workDir, "fn");
        Path folders = workDir.resolve(EnvironmentFolder.FOLDER);
        Path left = Files.createDirectories(folders.resolve(deadPid() + "-1-fn/tmp"));
        Files.writeString(left.resolve("x"), "x");
        Path foreign = Files.createDirectories(folders.resolve("not-a-pid"));

        assertThat(EnvironmentFolder.deleteStale(workDir)).isEqualTo(1);

        assertThat(left.getParent()).doesNotExist();
        assertThat(mine.tmp()).exists();
        assertThat(foreign).exists();
    }

    /** A pid no process has (above Linux's largest, 2^22). */
    private static long deadPid() {
        return 4_194_305L;
    }
}
