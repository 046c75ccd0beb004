package dev.sluice.local.lambda.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Choosing the JDK that runs functions from fake JDK homes (a release file and an empty bin/java). */
class FunctionJdkTest {

    @TempDir
    Path dir;

    @Test
    void readsTheFeatureVersionFromTheReleaseFile() throws IOException {
        assertThat(FunctionJdk.featureVersion(jdk("a", "JAVA_VERSION=\"25.0.3\""))).contains(25);
        assertThat(FunctionJdk.featureVersion(jdk("b", "IMPLEMENTOR=\"x\"\nJAVA_VERSION=\"17.0.15\"\nOS_NAME=\"Linux\""))).contains(17);
        assertThat(FunctionJdk.featureVersion(jdk("c", "JAVA_VERSION=\"21\""))).contains(21);
        assertThat(FunctionJdk.featureVersion(jdk("d", "JAVA_VERSION=\"1.8.0_402\""))).contains(8);
        assertThat(FunctionJdk.featureVersion(jdk("e", "IMPLEMENTOR=\"x\""))).isEmpty();
        assertThat(FunctionJdk.featureVersion(Files.createDirectories(dir.resolve("no-release")))).isEmpty();
    }

    @Test
    void prefersTheNewestJdk21OrLaterOverAnOlderCurrentJvm() throws IOException {
        Path jvms = Files.createDirectories(dir.resolve("jvm"));
        jdk("jvm/java-17", "JAVA_VERSION=\"17.0.15\"");
        jdk("jvm/temurin-21", "JAVA_VERSION=\"21.0.5\"");
        Path newest = jdk("jvm/temurin-25", "JAVA_VERSION=\"25.0.3\"");
        jdk("jvm/broken", "OS_NAME=\"Linux\"");
        Path current = jdk("current-17", "JAVA_VERSION=\"17.0.15\"");

        FunctionJdk chosen = FunctionJdk.resolve(Map.of(), jvms, current, 17);

        assertThat(chosen.home()).isEqualTo(newest);
        assertThat(chosen.feature()).isEqualTo(25);
        assertThat(chosen.java()).isEqualTo(newest.resolve("bin/java"));
    }

    @Test
    void findsJavaHomeWhenItIs21OrLater() throws IOException {
        Path javaHome = jdk("elsewhere/jdk-21", "JAVA_VERSION=\"21.0.5\"");
        Path current = jdk("current-17", "JAVA_VERSION=\"17.0.15\"");

        FunctionJdk chosen = FunctionJdk.resolve(Map.of("JAVA_HOME", javaHome.toString()), dir.resolve("none"), current, 17);

        assertThat(chosen.home()).isEqualTo(javaHome);
        assertThat(chosen.feature()).isEqualTo(21);
    }

    @Test
    void keepsTheCurrentJvmWhenNothingNewerIsFound() throws IOException {
        Path jvms = Files.createDirectories(dir.resolve("jvm"));
        jdk("jvm/java-17", "JAVA_VERSION=\"17.0.15\"");
        Path current = jdk("current-17", "JAVA_VERSION=\"17.0.15\"");

        FunctionJdk chosen = FunctionJdk.resolve(Map.of("JAVA_HOME", jvms.resolve("java-17").toString()), jvms, current, 17);

        assertThat(chosen.home()).isEqualTo(current);
        assertThat(chosen.feature()).isEqualTo(17);
        assertThat(chosen.reason()).contains(FunctionJdk.HOME_VARIABLE);
    }

    @Test
    void keepsTheCurrentJvmWhenItIsAlready21OrLater() throws IOException {
        Path jvms = Files.createDirectories(dir.resolve("jvm"));
        jdk("jvm/temurin-21", "JAVA_VERSION=\"21.0.5\"");
        Path current = jdk("current-21", "JAVA_VERSION=\"21.0.5\"");

        assertThat(FunctionJdk.resolve(Map.of(), jvms, current, 21).home()).isEqualTo(current);
    }

    @Test
    void theVariableWinsEvenOverNewerJdks() throws IOException {
        Path jvms = Files.createDirectories(dir.resolve("jvm"));
        jdk("jvm/temurin-25", "JAVA_VERSION=\"25.0.3\"");
        Path seventeen = jdk("jvm/java-17", "JAVA_VERSION=\"17.0.15\"");

        FunctionJdk chosen = FunctionJdk.resolve(Map.of(FunctionJdk.HOME_VARIABLE, seventeen.toString()), jvms,
                jdk("current", "JAVA_VERSION=\"21\""), 21);

        assertThat(chosen.home()).isEqualTo(seventeen);
        assertThat(chosen.feature()).isEqualTo(17);
    }

    @Test
    void aVariableNamingNoJdkIsAClearError() throws IOException {
        Path notJdk = Files.createDirectories(dir.resolve("not-a-jdk"));

        assertThatThrownBy(() -> FunctionJdk.resolve(Map.of(FunctionJdk.HOME_VARIABLE, notJdk.toString()),
                dir.resolve("none"), notJdk, 17))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(FunctionJdk.HOME_VARIABLE).hasMessageContaining("bin/java");
    }

    /** A fake JDK home: the release file and an executable bin/java. */
    private Path jdk(String name, String release) throws IOException {
        Path home = Files.createDirectories(dir.resolve(name));
        Files.writeString(home.resolve("release"), release + "\n");
        Path java = Files.createDirectories(home.resolve("bin")).resolve("java");
        Files.writeString(java, "");
        assertThat(java.toFile().setExecutable(true)).isTrue();
        return home;
    }
}
