package dev.sluice.local.template.sam;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SamProjectTest {

    @TempDir
    Path dir;

    @Test
    void aPlainTemplateIsDeployedAsItIs() throws IOException {
        Path template = Files.writeString(dir.resolve("stack.yaml"), "Resources: {}");
        Files.createDirectories(dir.resolve(".aws-sam/build"));
        Files.writeString(dir.resolve(".aws-sam/build/template.yaml"), "Resources: {}");

        SamProject project = SamProject.of(template);

        assertThat(project.template()).isEqualTo(template);
        assertThat(project.stackName()).isEmpty();
        assertThat(project.parameterOverrides()).isEmpty();
        assertThat(project.notes()).isEmpty();
    }

    @Test
    void samBuildsTemplateAndSamconfigAreUsed() throws IOException {
        Path template = written("template.yaml", Instant.parse("2026-01-01T00:00:00Z"));
        Path built = written(".aws-sam/build/template.yaml", Instant.parse("2026-01-02T00:00:00Z"));
        Files.writeString(dir.resolve("samconfig.toml"), """
                [default.deploy.parameters]
                stack_name = "orders"
                parameter_overrides = "Stage=dev"
                """);

        SamProject project = SamProject.of(template);

        assertThat(project.template()).isEqualTo(built);
        assertThat(project.stackName()).contains("orders");
        assertThat(project.parameterOverrides()).isEqualTo(Map.of("Stage", "dev"));
        assertThat(project.notes()).containsExactly(
                "info: deploying " + built + ", written by sam build from template.yaml",
                "info: reading stack_name and parameter_overrides from " + dir.resolve("samconfig.toml"));
    }

    @Test
    void aStaleBuildIsNotDeployedAndTheNoteSaysWhy() throws IOException {
        Path template = written("template.yml", Instant.parse("2026-01-03T00:00:00Z"));
        Path built = written(".aws-sam/build/template.yaml", Instant.parse("2026-01-02T00:00:00Z"));

        SamProject project = SamProject.of(template);

        assertThat(project.template()).isEqualTo(template);
        assertThat(project.notes()).containsExactly("warning: " + built + " is older than template.yml, so"
                + " template.yml is deployed as written; run sam build to deploy the build");
    }

    private Path written(String name, Instant modified) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, "Transform: AWS::Serverless-2016-10-31\nResources: {}\n");
        Files.setLastModifiedTime(file, FileTime.from(modified));
        return file;
    }
}
