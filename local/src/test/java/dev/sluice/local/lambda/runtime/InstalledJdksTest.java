package dev.sluice.local.lambda.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Which JDK runs each Java runtime, from fake JDK homes (a release file and an executable, empty bin/java): the
 * runtime's own version, else the nearest newer with a notice, else the newest older with a notice; the variables
 * win.
 */
class InstalledJdksTest {

    @TempDir
    Path dir;

    /**
     * @param installed JDK versions under the searched folder ("17.0.15", "1.8.0_402", ...)
     * @param current   the local cloud's own JVM (one of the installed)
     * @param expected  the version the runtime runs on
     * @param notice    a part of the expected notice, or null for none
     */
    record Case(String name, String runtime, List<String> installed, String current, String expected, String notice) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        List<String> thisMachine = List.of("17.0.15", "25.0.3");
        return Stream.of(
                new Case("java17 on its own JDK", "java17", thisMachine, "17.0.15", "17.0.15", null),
                new Case("java25 on its own JDK", "java25", thisMachine, "17.0.15", "25.0.3", null),
                new Case("java21 without a JDK 21: the nearest newer", "java21", thisMachine, "17.0.15", "25.0.3",
                        "no JDK 21 found"),
                new Case("java11 without a JDK 11: the nearest newer", "java11", thisMachine, "17.0.15", "17.0.15",
                        "no JDK 11 found, so the nearest newer (SLUICE_LAMBDA_JAVA11_HOME names one)"),
                new Case("java8.al2 without a JDK 8: the nearest newer", "java8.al2",
                        List.of("11.0.25", "17.0.15", "25.0.3"), "17.0.15", "11.0.25", "no JDK 8 found"),
                new Case("java8.al2 on a JDK 8 (1.8.0_402)", "java8.al2", List.of("1.8.0_402", "17.0.15"), "17.0.15",
                        "1.8.0_402", null),
                new Case("java21 on a JDK 21 rather than a newer one", "java21", List.of("21.0.5", "25.0.3"),
                        "25.0.3", "21.0.5", null),
                new Case("nothing new enough: the newest older, which cannot load the classes", "java25",
                        List.of("11.0.25", "17.0.15"), "17.0.15", "17.0.15", "classes compiled for Java 25 do not load"),
                new Case("two updates of one version: the local cloud's own JVM first", "java17",
                        List.of("17.0.9", "17.0.15"), "17.0.9", "17.0.9", null),
                new Case("two updates of one version: else the newest", "java17", List.of("17.0.9", "17.0.15", "21.0.5"),
                        "21.0.5", "17.0.15", null));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void eachRuntimeRunsOnItsOwnVersionElseTheNearestNewer(Case c) throws IOException {
        Path jvms = Files.createDirectories(dir.resolve("jvm"));
        for (String version : c.installed()) {
            jdk("jvm/jdk-" + version, version);
        }
        jdk("jvm/broken", null); // no JAVA_VERSION: not a JDK

        FunctionJdk chosen = InstalledJdks.discover(Map.of(), List.of(jvms), jvms.resolve("jdk-" + c.current()))
                .forRuntime(c.runtime());

        assertThat(chosen.version()).isEqualTo(c.expected());
        assertThat(chosen.home()).isEqualTo(jvms.resolve("jdk-" + c.expected()));
        assertThat(chosen.java()).isEqualTo(jvms.resolve("jdk-" + c.expected()).resolve("bin/java"));
        if (c.notice() == null) {
            assertThat(chosen.notice()).isNull();
        } else {
            assertThat(chosen.notice()).startsWith("Lambda runtime " + c.runtime() + " runs on Java " + c.expected()
                    + " here: ").contains(c.notice()).doesNotContain("\n");
        }
    }

    @Test
    void aRuntimesOwnVariableWinsOverTheVariableForEveryRuntimeWhichWinsOverTheJdksFound() throws IOException {
        Path jvms = Files.createDirectories(dir.resolve("jvm"));
        jdk("jvm/jdk-21", "21.0.5");
        Path seventeen = jdk("elsewhere/jdk-17", "17.0.15");
        Path twentyFive = jdk("elsewhere/jdk-25", "25.0.3");
        Map<String, String> env = Map.of(FunctionJdk.HOME_VARIABLE, twentyFive.toString(),
                "SLUICE_LAMBDA_JAVA17_HOME", seventeen.toString());
        InstalledJdks jdks = InstalledJdks.discover(env, List.of(jvms), jvms.resolve("jdk-21"));

        assertThat(jdks.forRuntime("java17").home()).isEqualTo(seventeen);
        assertThat(jdks.forRuntime("java17").notice()).isNull();
        assertThat(jdks.forRuntime("java17").reason()).isEqualTo("set by SLUICE_LAMBDA_JAVA17_HOME");
        FunctionJdk java21 = jdks.forRuntime("java21");
        assertThat(java21.home()).isEqualTo(twentyFive);
        assertThat(java21.notice()).contains("set by " + FunctionJdk.HOME_VARIABLE + " for every runtime");
        assertThat(jdks.forRuntime("java25").notice()).isNull();
    }

    @Test
    void javaHomeCiHomesAndTheCurrentJvmAreFoundAndEachJdkCountsOnce() throws IOException {
        Path jvms = Files.createDirectories(dir.resolve("jvm"));
        Path seventeen = jdk("jvm/java-17-openjdk-amd64", "17.0.15");
        Files.createSymbolicLink(jvms.resolve("java-1.17.0-openjdk-amd64"), seventeen);
        Path javaHome = jdk("tools/jdk-21", "21.0.5");
        Path ci = jdk("hostedtoolcache/jdk-11", "11.0.25");
        Path current = jdk("current/jdk-8", "1.8.0_402");

        InstalledJdks jdks = InstalledJdks.discover(Map.of("JAVA_HOME", javaHome.toString(),
                "JAVA_HOME_11_X64", ci.toString(), "OTHER_HOME", "/nowhere"), List.of(jvms, dir.resolve("missing")),
                current);

        assertThat(jdks.all()).extracting(InstalledJdks.Jdk::feature).containsExactly(17, 21, 11, 8);
        assertThat(jdks.forRuntime("java11").home()).isEqualTo(ci);
        assertThat(jdks.forRuntime("java8.al2").home()).isEqualTo(current);
    }

    @Test
    void aVariableNamingNoJdkOrAnUnknownRuntimeIsAClearError() throws IOException {
        Path notJdk = Files.createDirectories(dir.resolve("not-a-jdk"));
        Path current = jdk("current", "17.0.15");

        assertThatThrownBy(() -> InstalledJdks.discover(Map.of("SLUICE_LAMBDA_JAVA21_HOME", notJdk.toString()),
                List.of(), current).forRuntime("java21"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("SLUICE_LAMBDA_JAVA21_HOME").hasMessageContaining("bin/java");
        assertThatThrownBy(() -> InstalledJdks.discover(Map.of(), List.of(), current).forRuntime("python3.12"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("python3.12").hasMessageContaining("java8.al2");
    }

    @Test
    void readsVersionsFromTheReleaseFile() throws IOException {
        assertThat(InstalledJdks.version(jdk("a", "25.0.3"))).contains("25.0.3");
        Path b = jdk("b", null);
        Files.writeString(b.resolve("release"), "IMPLEMENTOR=\"x\"\nJAVA_VERSION=\"17.0.15\"\nOS_NAME=\"Linux\"\n");
        assertThat(InstalledJdks.jdk(b)).map(InstalledJdks.Jdk::feature).contains(17);
        assertThat(InstalledJdks.feature("21")).contains(21);
        assertThat(InstalledJdks.feature("1.8.0_402")).contains(8);
        assertThat(InstalledJdks.jdk(jdk("e", null))).isEmpty();
        assertThat(InstalledJdks.version(Files.createDirectories(dir.resolve("no-release")))).isEmpty();
        assertThat(InstalledJdks.compareVersions("17.0.9", "17.0.15")).isNegative();
        assertThat(InstalledJdks.compareVersions("25", "25.0.0")).isZero();
    }

    @Test
    void jvmOptionsSuitTheJdk() {
        FunctionJdk eight = new FunctionJdk(dir, 8, "1.8.0_402", "test", null);
        FunctionJdk twentyFive = new FunctionJdk(dir, 25, "25.0.3", "test", null);

        assertThat(JvmOptions.of(512, eight)).contains("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Xmx445644k").noneMatch(option -> option.startsWith("--"));
        assertThat(JvmOptions.of(512, twentyFive)).contains("-XX:+UseSerialGC",
                "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow");
        assertThat(ClassDataArchive.kindFor(eight)).as("no class-data archive before JDK 13").isNull();
    }

    @Test
    void theHostsArchitectureIsNamedAsLambdaNamesIt() {
        assertThat(HostArchitecture.of("amd64")).isEqualTo("x86_64");
        assertThat(HostArchitecture.of("aarch64")).isEqualTo("arm64");
        String other = HostArchitecture.current().equals("x86_64") ? "arm64" : "x86_64";
        assertThat(HostArchitecture.notice("fn", HostArchitecture.current())).isEmpty();
        assertThat(HostArchitecture.notice("fn", other)).hasValueSatisfying(line -> assertThat(line)
                .startsWith("Function fn: Architectures " + other + " runs on this machine's "
                        + HostArchitecture.current()));
    }

    /** A fake JDK home: the release file (none when {@code version} is null) and an executable bin/java. */
    private Path jdk(String name, String version) throws IOException {
        Path home = Files.createDirectories(dir.resolve(name));
        Files.writeString(home.resolve("release"), version == null ? "OS_NAME=\"Linux\"\n"
                : "JAVA_VERSION=\"" + version + "\"\n");
        Path java = Files.createDirectories(home.resolve("bin")).resolve("java");
        Files.writeString(java, "");
        assertThat(java.toFile().setExecutable(true)).isTrue();
        return home;
    }
}
