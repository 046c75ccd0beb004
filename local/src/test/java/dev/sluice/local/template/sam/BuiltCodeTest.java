package dev.sluice.local.template.sam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.local.template.TemplateException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuiltCodeTest {

    @TempDir
    Path dir;

    private final List<String> lines = new ArrayList<>();

    @Test
    void aZipOrAJarIsTheCode() throws IOException {
        Path zip = file("target/function.zip", 10);
        Path jar = file("build/libs/app-all.jar", 10);

        assertThat(BuiltCode.locate("Fn", "target/function.zip", dir, lines::add)).isEqualTo(zip);
        assertThat(BuiltCode.locate("Fn", "build/libs/app-all.jar", dir, lines::add)).isEqualTo(jar);
        assertThat(lines).isEmpty();
    }

    @Test
    void aFolderWithClassesOrLibIsTheCode() throws IOException {
        file(".aws-sam/build/Fn/com/example/App.class", 10);
        Files.createDirectories(dir.resolve("deps/lib"));

        assertThat(BuiltCode.locate("Fn", ".aws-sam/build/Fn", dir, lines::add))
                .isEqualTo(dir.resolve(".aws-sam/build/Fn"));
        assertThat(BuiltCode.locate("Fn", "deps", dir, lines::add)).isEqualTo(dir.resolve("deps"));
    }

    @Test
    void aMavenProjectRunsItsShadedJar() throws IOException {
        file("Fn/pom.xml", 1);
        file("Fn/target/classes/App.class", 1);
        file("Fn/target/original-fn-1.0.jar", 5);
        file("Fn/target/fn-1.0-sources.jar", 500);
        Path shaded = file("Fn/target/fn-1.0.jar", 50);

        assertThat(BuiltCode.locate("Fn", "Fn", dir, lines::add)).isEqualTo(shaded);
        assertThat(lines).containsExactly("info: function Fn: CodeUri Fn is a Maven project; running its build output "
                + shaded);
    }

    @Test
    void aMavenProjectThatBuildsAZipRunsTheZip() throws IOException {
        file("pom.xml", 1);
        file("target/fn-1.0.jar", 50);
        Path zip = file("target/function.zip", 5);

        assertThat(BuiltCode.locate("Fn", ".", dir, lines::add)).isEqualTo(zip);
    }

    @Test
    void aGradleProjectRunsItsDistributionZip() throws IOException {
        file("Fn/build.gradle.kts", 1);
        Path zip = file("Fn/build/distributions/fn.zip", 5);

        assertThat(BuiltCode.locate("Fn", "Fn/", dir, lines::add)).isEqualTo(zip);
    }

    @Test
    void anUnbuiltProjectFailsWithOneLineSayingHowToBuildIt() throws IOException {
        file("Fn/pom.xml", 1);
        file("Fn/src/main/java/App.java", 1);

        assertThatThrownBy(() -> BuiltCode.locate("HelloFunction", "Fn", dir, lines::add))
                .isInstanceOf(TemplateException.class)
                .hasMessage("function HelloFunction: CodeUri Fn is a Maven project with no build output: build it"
                        + " (mvn package, or sam build); looked for " + dir.resolve("Fn/target") + "/*.zip and "
                        + dir.resolve("Fn/target") + "/*.jar");
    }

    @Test
    void missingOrCodelessPathsAreRefused() throws IOException {
        file("src/app.py", 1);

        assertThatThrownBy(() -> BuiltCode.locate("Fn", "nowhere.zip", dir, lines::add))
                .hasMessageStartingWith("function Fn: CodeUri nowhere.zip (" + dir.resolve("nowhere.zip")
                        + ") does not exist: build the function first");
        assertThatThrownBy(() -> BuiltCode.locate("Fn", "src", dir, lines::add))
                .hasMessageContaining("holds no classes, no lib/ folder and no Maven or Gradle build");
        assertThatThrownBy(() -> BuiltCode.locate("Fn", "src/app.py", dir, lines::add))
                .hasMessageEndingWith("is neither a zip, a jar nor a folder");
    }

    private Path file(String name, int size) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        return Files.write(file, new byte[size]);
    }
}
