package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code sluice new}: what it writes, and what it refuses. NewProjectBuildTest (module testing/new-project, built after
 * the harness a new project's tests use) builds and runs a project.
 */
class NewCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void writesEveryFileOfTheTemplateWithEveryPlaceholderFilled() throws Exception {
        Path project = dir.resolve("zeta-billing");

        CliRun run = CliRun.inProcess("new", project.toString(), "--package", "org.zeta.billing");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(files(project)).containsExactlyInAnyOrder(
                ".cfnlintrc.yaml",
                ".gitignore",
                ".mvn/wrapper/maven-wrapper.properties",
                "README.md",
                "cdk.json",
                "functions/events/demo.json",
                "functions/events/sqs-event.json",
                "functions/events/task-submitted.json",
                "functions/events/urgent-task.json",
                "functions/pom.xml",
                "functions/src/main/java/org/zeta/billing/functions/EscalateTaskFunction.java",
                "functions/src/main/java/org/zeta/billing/functions/Escalation.java",
                "functions/src/main/java/org/zeta/billing/functions/EventEnvelope.java",
                "functions/src/main/java/org/zeta/billing/functions/ProcessTaskFunction.java",
                "functions/src/main/java/org/zeta/billing/functions/Task.java",
                "functions/src/main/resources/application.properties",
                "functions/src/test/java/org/zeta/billing/functions/EscalateTaskFunctionTest.java",
                "functions/src/test/java/org/zeta/billing/functions/TaskPipelineIT.java",
                "functions/src/test/java/org/zeta/billing/functions/ProcessTaskFunctionTest.java",
                "functions/src/test/java/org/zeta/billing/functions/SampleEvents.java",
                "infra/pom.xml",
                "infra/src/main/java/org/zeta/billing/infra/FunctionsStack.java",
                "infra/src/main/java/org/zeta/billing/infra/MessagingStack.java",
                "infra/src/main/java/org/zeta/billing/infra/ZetaBillingApp.java",
                "infra/src/test/java/org/zeta/billing/infra/ZetaBillingAppTest.java",
                "mvnw",
                "mvnw.cmd",
                "pom.xml");
        for (String file : files(project)) {
            assertThat(Files.readString(project.resolve(file), StandardCharsets.UTF_8)).as(file).doesNotContain("{{");
        }
    }

    @Test
    void javaFilesAreInTheFoldersOfTheirPackages() throws Exception {
        Path project = dir.resolve("zeta-billing");
        assertThat(CliRun.inProcess("new", project.toString(), "--package", "org.zeta.billing").exitCode()).isZero();

        Pattern packageLine = Pattern.compile("(?m)^package ([\\w.]+);$");
        List<String> javaFiles = files(project).stream().filter(f -> f.endsWith(".java")).toList();
        assertThat(javaFiles).hasSize(13);
        for (String file : javaFiles) {
            Matcher m = packageLine.matcher(Files.readString(project.resolve(file)));
            assertThat(m.find()).as(file).isTrue();
            String folder = Path.of(file).getParent().toString();
            assertThat(folder).as(file).endsWith(m.group(1).replace('.', '/'));
            assertThat(m.group(1)).as(file).isIn("org.zeta.billing.functions", "org.zeta.billing.infra");
        }
        assertThat(Files.readString(project.resolve("infra/src/main/java/org/zeta/billing/infra/ZetaBillingApp.java")))
                .contains("public final class ZetaBillingApp", "\"ZetaBillingMessaging\"", "\"ZetaBillingFunctions\"");
    }

    @Test
    void theMavenWrapperComesFromSluiceAndStaysExecutable() throws Exception {
        Path project = dir.resolve("acme");
        assertThat(CliRun.inProcess("new", project.toString()).exitCode()).isZero();

        Path home = SluiceHome.locate().root();
        assertThat(project.resolve("mvnw")).isExecutable().hasSameBinaryContentAs(home.resolve("mvnw"));
        assertThat(project.resolve("mvnw.cmd")).hasSameBinaryContentAs(home.resolve("mvnw.cmd"));
        assertThat(project.resolve(".mvn/wrapper/maven-wrapper.properties"))
                .hasSameBinaryContentAs(home.resolve(".mvn/wrapper/maven-wrapper.properties"));
    }

    @Test
    void namesDefaultToTheFolderName() throws Exception {
        Path project = dir.resolve("acme-billing");

        CliRun run = CliRun.inProcess("new", project.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        String pom = Files.readString(project.resolve("pom.xml"));
        assertThat(pom).contains("<groupId>com.example.acmebilling</groupId>", "<artifactId>acme-billing</artifactId>");
        assertThat(project.resolve("infra/src/main/java/com/example/acmebilling/infra/AcmeBillingApp.java")).isRegularFile();
        JsonNode cdkJson = JSON.readTree(project.resolve("cdk.json").toFile());
        assertThat(cdkJson.get("app").asText()).isEqualTo("java -cp infra/target/classes:$(cat infra/target/classpath.txt)"
                + " com.example.acmebilling.infra.AcmeBillingApp");
        assertThat(cdkJson.get("build").asText()).isEqualTo("./mvnw -B -q -DskipTests package");
        assertThat(cdkJson.at("/sluice/demo/events").asText()).isEqualTo("functions/events/demo.json");
        assertThat(project.resolve("functions/events/demo.json")).isRegularFile();
    }

    @Test
    void theNameGoesIntoTheProjectsResourceNames() throws Exception {
        Path project = dir.resolve("folder");

        assertThat(CliRun.inProcess("new", project.toString(), "--name", "zeta").exitCode()).isZero();

        assertThat(Files.readString(project.resolve("infra/src/main/java/com/example/zeta/infra/MessagingStack.java")))
                .contains("BUS_NAME = \"zeta\"", "TASK_QUEUE_NAME = \"zeta-tasks\"", "TASK_SOURCE = \"zeta.tasks\"");
        assertThat(Files.readString(project.resolve("infra/src/main/java/com/example/zeta/infra/FunctionsStack.java")))
                .contains("\"zeta-process-task\"", "\"zeta-escalate-task\"");
        JsonNode traffic = JSON.readTree(project.resolve("functions/events/demo.json").toFile());
        assertThat(traffic).allSatisfy(entry -> assertThat(entry.get("EventBusName").asText()).isEqualTo("zeta"));
    }

    /** The versions are declared once, in Sluice's root pom: the new project pins exactly those. */
    @Test
    void theProjectPinsTheVersionsSluiceIsBuiltWith() throws Exception {
        Path project = dir.resolve("acme");
        assertThat(CliRun.inProcess("new", project.toString()).exitCode()).isZero();

        String sluicePom = Files.readString(SluiceHome.locate().root().resolve("pom.xml"));
        String pom = Files.readString(project.resolve("pom.xml"));
        for (Map.Entry<String, String> pin : Map.of(
                "awssdk.version", "awssdk.version",
                "quarkus.version", "quarkus.version",
                "quarkus.funqy-lambda.version", "quarkus-funqy-lambda.version",
                "quarkus-amazon-services.version", "quarkus-amazon-services.version",
                "aws-cdk-lib.version", "aws-cdk-lib.version",
                "constructs.version", "constructs.version",
                "compiler-plugin.version", "compiler-plugin.version",
                "surefire-plugin.version", "surefire-plugin.version",
                "maven.compiler.release", "maven.compiler.release").entrySet()) {
            String version = property(sluicePom, pin.getKey());
            assertThat(pom).as(pin.getKey()).contains("<" + pin.getValue() + ">" + version + "</" + pin.getValue() + ">");
        }
        assertThat(pom).contains("<sluice.version>" + SluiceVersion.DEVELOPMENT + "</sluice.version>");
        assertThat(ProjectTemplate.load().versions()).allSatisfy((key, value) ->
                assertThat(value).as(key).doesNotContain("${").isNotBlank());
    }

    @Test
    void anEmptyFolderIsUsed() throws Exception {
        Path project = Files.createDirectory(dir.resolve("acme"));

        CliRun run = CliRun.inProcess("new", project.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(project.resolve("pom.xml")).isRegularFile();
    }

    @Test
    void aFolderThatIsNotEmptyIsRefusedAndLeftAsItWas() throws Exception {
        Path project = Files.createDirectory(dir.resolve("acme"));
        Files.writeString(project.resolve("pom.xml"), "mine");

        CliRun run = CliRun.inProcess("new", project.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.errLines()).containsExactly("sluice: " + project + " is not empty: sluice new writes only into a"
                + " new or empty folder and overwrites nothing");
        assertThat(files(project)).containsExactly("pom.xml");
        assertThat(project.resolve("pom.xml")).hasContent("mine");
    }

    @Test
    void aFileIsRefused() throws Exception {
        Path file = Files.writeString(dir.resolve("acme"), "mine");

        CliRun run = CliRun.inProcess("new", file.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.errLines()).containsExactly("sluice: " + file + " exists and is not a folder: give a new or empty"
                + " folder");
        assertThat(file).hasContent("mine");
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "--name | Acme | is not a project name",
            "--name | 1acme | is not a project name",
            "--name | acme- | is not a project name",
            "--name | ac--me | is not a project name",
            "--name | acme_billing | is not a project name",
            "--name | abcdefghij-abcdefghij-abcdefghij | is 32 characters long; a project name is at most 30",
            "--package | com..acme | has an empty part",
            "--package | com.acme. | has an empty part",
            "--package | com.acme.new | 'new' is a reserved word in Java",
            "--package | com.1acme | '1acme' is not a Java identifier",
            "--package | com.acme-billing | 'acme-billing' is not a Java identifier",
            "--package | java.acme | packages under 'java' are reserved for the JDK"})
    void aBadNameOrPackageIsAUsageErrorNamingTheFlagAndTheValue(String flag, String value, String problem) {
        assertThat(CliRun.usageError("new", dir.resolve("acme").toString(), flag, value))
                .startsWith("sluice: " + flag + " '" + value + "' " + problem);
        assertThat(dir.resolve("acme")).doesNotExist();
    }

    @Test
    void aFolderNameThatCannotNameTheProjectAsksForName() {
        assertThat(CliRun.usageError("new", dir.resolve("My_Project").toString()))
                .isEqualTo("sluice: DIR's name 'My_Project' is not a project name: use 1 to 30"
                        + " lowercase letters, digits and single '-', starting with a letter and not ending with '-';"
                        + " give the project a name with --name");
        assertThat(dir.resolve("My_Project")).doesNotExist();
    }

    @Test
    void aMissingDirIsAUsageError() {
        assertThat(CliRun.usageError("new")).contains("Missing required parameter: 'DIR'");
    }

    @Test
    void itSaysWhatItCreatedAndWhatToDoNext() {
        Path project = dir.resolve("acme");

        CliRun run = CliRun.inProcess("new", project.toString());

        assertThat(run.outLines().get(0)).isEqualTo("Created acme (package com.example.acme) in " + project + ":");
        assertThat(run.outLines()).contains("  pom.xml", "  infra/src/main/java/com/example/acme/infra/AcmeApp.java",
                "  cd " + project);
        assertThat(run.out()).contains("./mvnw verify", "sluice local up --demo");
    }

    @Test
    void helpNamesTheArgumentsAndOptions() {
        CliRun run = CliRun.inProcess("new", "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("Usage: sluice new", "DIR", "--name", "--package");
        assertThat(CliRun.inProcess("--help").out()).contains("new");
    }

    /** Writing never replaces a file: if one turns up meanwhile, what was written is taken back and it stays. */
    @Test
    void aFileThatTurnsUpWhileWritingIsKeptAndNothingElseIsLeft() throws Exception {
        Path project = dir.resolve("acme");
        Files.createDirectories(project.resolve("infra"));
        Files.writeString(project.resolve("infra/pom.xml"), "mine");
        List<ProjectTemplate.ProjectFile> files = ProjectTemplate.load()
                .render(new ProjectNames("acme", "com.acme"), SluiceHome.locate());

        assertThatThrownBy(() -> ProjectTemplate.write(project, files))
                .isInstanceOf(CommandFailure.class)
                .hasMessageContaining("infra/pom.xml appeared meanwhile (nothing was kept)");

        assertThat(files(project)).containsExactly("infra/pom.xml");
        assertThat(project.resolve("infra/pom.xml")).hasContent("mine");
    }

    @Test
    void anUnknownPlaceholderIsATemplateBug() {
        assertThatThrownBy(() -> ProjectTemplate.fill("a {{nope}} b", Map.of(), "x.txt"))
                .hasMessage("x.txt: unknown placeholder {{nope}}");
        assertThat(ProjectTemplate.fill("{{a}}-{{a}} {b}", Map.of("a", "$1"), "x.txt")).isEqualTo("$1-$1 {b}");
    }

    private static String property(String pom, String name) {
        Matcher m = Pattern.compile("<" + Pattern.quote(name) + ">([^<]+)</").matcher(pom);
        assertThat(m.find()).as(name + " in Sluice's pom").isTrue();
        return m.group(1);
    }

    /** Every regular file under {@code root}, relative, with '/' separators. */
    static List<String> files(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).map(p -> root.relativize(p).toString().replace('\\', '/'))
                    .sorted().toList();
        }
    }
}
