package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.local.core.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sluice synth} runs the project's own app command, as the CDK toolkit does, and reads what it wrote. */
class SynthCommandTest {

    @TempDir
    Path dir;

    private TestProject project;

    @BeforeEach
    void project() throws Exception {
        project = TestProject.create(dir.resolve("acme"), "{}");
    }

    @Test
    void printsEveryStackWithItsTemplateInDependencyOrder() {
        CliRun run = CliRun.inProcess("synth", "--project", project.root().toString());

        Path out = project.root().resolve("cdk.out");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.outLines()).containsExactly(
                "Synthesized 2 stack(s) into " + out + ":",
                "  dev-AcmeMessaging  " + out.resolve("AcmeMessaging.template.json"),
                "  AcmeWorkers        " + out.resolve("AcmeWorkers.template.json"));
        assertThat(run.err()).contains("app ran");
    }

    @Test
    void theAppGetsCdkJsonContextCommandLineContextAndAssetMetadata() throws Exception {
        CliRun run = CliRun.inProcess("synth", "--project", project.root().toString(), "-c", "stage=dev",
                "--context", "team=platform");

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode context = Json.MAPPER.readTree(project.contextGiven());
        assertThat(context.path("stage").asText()).isEqualTo("dev");
        assertThat(context.path("team").asText()).isEqualTo("platform");
        assertThat(context.path("aws:cdk:enable-asset-metadata").asBoolean()).isTrue();
    }

    @Test
    void theProjectIsFoundFromASubfolder() throws Exception {
        Path sub = Files.createDirectories(project.root().resolve("src/deep"));

        CliRun run = CliRun.inProcess("synth", "--project", sub.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("into " + project.root().resolve("cdk.out"));
    }

    @Test
    void theBuildRunsOnlyWhenTheProjectChanged() throws Exception {
        String root = project.root().toString();

        CliRun first = CliRun.inProcess("synth", "--project", root);
        CliRun unchanged = CliRun.inProcess("synth", "--project", root);
        long afterTwo = project.builds();
        Path source = project.root().resolve("src/Main.java");
        TestProject.write(source, "class Main {}");
        Files.setLastModifiedTime(source, FileTime.from(Instant.now().plusSeconds(5)));
        CliRun changed = CliRun.inProcess("synth", "--project", root);
        Files.setLastModifiedTime(source, FileTime.from(Instant.now().plusSeconds(10)));
        CliRun skipped = CliRun.inProcess("synth", "--project", root, "--no-build");

        assertThat(first.exitCode()).isZero();
        assertThat(unchanged.exitCode()).isZero();
        assertThat(afterTwo).isEqualTo(1);
        assertThat(changed.exitCode()).isZero();
        assertThat(skipped.exitCode()).isZero();
        assertThat(project.builds()).isEqualTo(2);
        assertThat(first.err()).contains("sluice: building " + project.root() + " (sh build.sh)");
    }

    @Test
    void aFailingAppFailsInOneLineAfterItsOutput() throws Exception {
        TestProject.write(project.root().resolve("app.sh"), "echo 'Stack name \"x y\" is invalid' >&2\nexit 3\n");

        CliRun run = CliRun.inProcess("synth", "--project", project.root().toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.errLines()).contains("Stack name \"x y\" is invalid");
        assertThat(run.errLines().get(run.errLines().size() - 1))
                .isEqualTo("sluice: synth failed: the app command exited with code 3 (its output is above): sh app.sh");
    }

    @Test
    void aFailingBuildStopsBeforeTheApp() throws Exception {
        TestProject.write(project.root().resolve("build.sh"), "echo 'COMPILATION ERROR' ; exit 1\n");

        CliRun run = CliRun.inProcess("synth", "--project", project.root().toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("COMPILATION ERROR").doesNotContain("app ran");
        assertThat(run.errLines().get(run.errLines().size() - 1))
                .startsWith("sluice: build failed: the build command exited with code 1");
    }

    @Test
    void noProjectIsOneClearLine() {
        CliRun run = CliRun.inProcess("synth", "--project", dir.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.errLines()).containsExactly("sluice: no cdk.json or SAM template.yaml in " + dir + " or any"
                + " folder above it: run sluice inside a CDK or SAM project, create one with 'sluice new DIR', or give"
                + " templates with --template");
    }

    @Test
    void invalidCdkJsonNamesTheFileAndLine() throws Exception {
        TestProject.write(project.root().resolve("cdk.json"), "{\n  \"app\": \"sh app.sh\",\n}\n");

        CliRun run = CliRun.inProcess("synth", "--project", project.root().toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.errLines().get(0)).startsWith("sluice: " + project.root().resolve("cdk.json")
                + " is not valid JSON (line 3)");
    }

    @Test
    void anAppThatIsAnAssemblyFolderIsReadAsItIs() throws Exception {
        TestProject.write(project.root().resolve("cdk.json"), "{\"app\": \"assembly\"}");

        CliRun run = CliRun.inProcess("synth", "--project", project.root().toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.outLines().get(0)).isEqualTo("Synthesized 2 stack(s) into " + project.root().resolve("assembly") + ":");
    }
}
