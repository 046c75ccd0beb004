package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Which files are sources for --watch: cdk.json's watch globs read as {@code cdk watch} reads them. */
class WatchGlobsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static WatchGlobs globs(String watchJson) throws Exception {
        JsonNode watch = watchJson.isEmpty() ? MissingNode.getInstance() : JSON.readTree(watchJson);
        return WatchGlobs.of(watch, "cdk.out");
    }

    @ParameterizedTest(name = "{0}: {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            no watch setting: every file                | src/main/java/App.java               | true
            no watch setting: a file at the root        | Makefile                             | true
            toolkit default exclude: README.md          | README.md                            | false
            toolkit default exclude: cdk.json           | cdk.json                             | false
            toolkit default exclude: the folder test    | test/AppTest.java                    | false
            toolkit default exclude: **/__pycache__     | app/__pycache__/x.pyc                | false
            always excluded: the cloud assembly         | cdk.out/manifest.json                | false
            always excluded: a dot file                 | .env                                 | false
            always excluded: a dot file in a folder     | src/.Main.java.swp                   | false
            always excluded: inside a dot folder        | .git/HEAD                            | false
            always excluded: node_modules               | infra/node_modules/x/index.js        | false
            always excluded: build output (target)      | functions/target/function.zip        | false
            always excluded: build output (build)       | build/libs/app.jar                   | false
            """)
    void withoutAWatchSetting(String name, String path, boolean source) throws Exception {
        assertThat(globs("").source(path)).as(name).isEqualTo(source);
    }

    @ParameterizedTest(name = "{0}: {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            included by src/**                     | functions/src/main/java/A.java  | true
            the folder itself is covered           | functions/src                   | true
            outside the includes                   | local/src/main/java/B.java      | false
            a root file outside the includes       | pom.xml                         | false
            * stays within one name                | infra/x/src/A.java              | false
            {a,b} alternatives                     | docs/a.md                       | true
            excluded by the user's glob            | functions/src/test/ATest.java   | false
            user excludes replace toolkit defaults | functions/src/README.md         | true
            """)
    void withIncludeAndExclude(String name, String path, boolean source) throws Exception {
        WatchGlobs globs = globs("""
                {"include": ["functions/src/**", "infra/*/lib/**", "docs/{a,b}.md"],
                 "exclude": ["**/src/test/**"]}
                """);

        assertThat(globs.source(path)).as(name).isEqualTo(source);
    }

    @Test
    void anEmptyIncludeMeansEveryFile() throws Exception {
        assertThat(globs("{\"include\": []}").source("anything/at/all.txt")).isTrue();
        assertThat(globs("{\"include\": \"lib/**\"}").source("lib/a.ts")).isTrue();
    }

    @Test
    void excludedFoldersAreNotEntered() throws Exception {
        WatchGlobs globs = globs("{\"exclude\": [\"generated\"]}");

        assertThat(globs.excluded("generated")).isTrue();
        assertThat(globs.excluded("functions/target")).isTrue();
        assertThat(globs.excluded("functions/src")).isFalse();
    }

    @Test
    void aBadSettingIsNamed() {
        assertThatThrownBy(() -> globs("{\"include\": [1]}")).isInstanceOf(CommandFailure.class)
                .hasMessage("cdk.json: watch.include and watch.exclude must hold strings (given 1)");
        assertThatThrownBy(() -> globs("{\"include\": [\"src/{a,b\"]}")).isInstanceOf(CommandFailure.class)
                .hasMessage("cdk.json: watch glob 'src/{a,b' has an unclosed '{'");
    }
}
