package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sluice local up --watch} on a project built and synthesized like a CDK project ({@link GreeterProject}):
 * rebuilt outputs and changed sources reach the running function without a restart.
 */
class LocalUpWatchTest {

    private static final Duration RELOAD = Duration.ofMinutes(1);
    private static final String GREETER = GreeterProject.FUNCTION;

    @TempDir
    Path dir;

    private static RunningLocalUp watch(GreeterProject project, String... more) throws InterruptedException {
        String[] args = {"local", "up", "--project", project.root().toString(), "--port", "0", "--watch"};
        String[] all = new String[args.length + more.length];
        System.arraycopy(args, 0, all, 0, args.length);
        System.arraycopy(more, 0, all, args.length, more.length);
        return new RunningLocalUp(all);
    }

    private static String greeting(RunningLocalUp up) throws Exception {
        return up.invoke(GREETER, "{}").path("greeting").asText();
    }

    private static void awaitGreeting(RunningLocalUp up, String expected) throws InterruptedException {
        RunningLocalUp.await("the greeter to answer " + expected, RELOAD, () -> {
            try {
                return greeting(up).equals(expected);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
    }

    @Test
    void aRebuiltOutputBecomesTheFunctionsCodeWithoutABuild() throws Exception {
        GreeterProject project = GreeterProject.create(dir, "v1", "");
        try (RunningLocalUp up = watch(project)) {
            assertThat(up.out()).contains("Watching target/handler.zip: the code of greeter.");
            assertThat(greeting(up)).isEqualTo("hello v1");

            project.writeOutput("v2"); // as a build run outside Sluice would

            awaitGreeting(up, "hello v2");
            assertThat(up.outLines()).anyMatch(line -> line.matches(
                    "reloaded greeter from target/handler\\.zip in \\d+\\.\\d\\d s \\(noticed after .*"));
            assertThat(project.builds()).as("an output is not a source").isEqualTo(1);
            assertThat(up.stop()).isZero();
        }
    }

    @Test
    void aBurstOfSourceChangesRunsTheBuildOnceThenReloads() throws Exception {
        GreeterProject project = GreeterProject.create(dir, "v1", "");
        try (RunningLocalUp up = watch(project)) {
            assertThat(project.builds()).as("local up builds first").isEqualTo(1);

            project.setVersion("v2");
            for (int i = 0; i < 5; i++) {
                GreeterProject.write(project.root().resolve("src/notes/n" + i + ".txt"), "note " + i);
            }

            awaitGreeting(up, "hello v2");
            RunningLocalUp.await("the watcher to be idle", RELOAD, () -> up.watch().idle());
            assertThat(project.builds()).isEqualTo(2);
            assertThat(up.outLines()).filteredOn(line -> line.endsWith("changed: building (sh build.sh)"))
                    .hasSize(1);
            assertThat(up.out()).contains("built in ", "reloaded greeter from target/handler.zip");
            assertThat(up.outLines()).anyMatch(line -> line.startsWith("synthesized in ")
                    && line.endsWith(": no template changed (asset hashes aside)"));
        }
    }

    @Test
    void changesDuringABuildQueueExactlyOneMoreBuild() throws Exception {
        GreeterProject project = GreeterProject.create(dir, "v1", "");
        try (RunningLocalUp up = watch(project)) {
            Files.writeString(project.hold(), "");
            project.setVersion("v2");
            RunningLocalUp.await("the build to start", RELOAD, () -> up.out().contains("changed: building"));

            project.setVersion("v3");
            GreeterProject.write(project.root().resolve("src/notes/a.txt"), "a");
            GreeterProject.write(project.root().resolve("src/notes/b.txt"), "b");
            Files.delete(project.hold());

            awaitGreeting(up, "hello v3");
            RunningLocalUp.await("the watcher to be idle", RELOAD, () -> up.watch().idle());
            assertThat(project.builds()).as("the first build, then one for the changes made during it").isEqualTo(3);
            assertThat(up.outLines()).filteredOn(line -> line.endsWith("changed: building (sh build.sh)"))
                    .hasSize(2);
        }
    }

    @Test
    void aFailedBuildSaysWhyAndTheOldCodeKeepsAnswering() throws Exception {
        GreeterProject project = GreeterProject.create(dir, "v1", "");
        try (RunningLocalUp up = watch(project)) {
            assertThat(greeting(up)).isEqualTo("hello v1");

            project.setVersion("broken");

            RunningLocalUp.await("the build to fail", RELOAD, () -> up.err().contains("build failed"));
            assertThat(up.err()).contains("'sh build.sh' exited with code 1; the old code keeps running.",
                    "  | src/Greeter.java:3: error: ';' expected", "  | 1 error");
            assertThat(greeting(up)).isEqualTo("hello v1");

            project.setVersion("v3");
            awaitGreeting(up, "hello v3");
        }
    }

    @Test
    void anInvocationRunningDuringTheReloadFinishesOnTheOldCode() throws Exception {
        GreeterProject project = GreeterProject.create(dir, "v1", "");
        Path started = dir.resolve("started");
        Path release = dir.resolve("release");
        try (RunningLocalUp up = watch(project)) {
            CompletableFuture<JsonNode> inFlight = CompletableFuture.supplyAsync(() -> {
                try {
                    return up.invoke(GREETER, "{\"startedFile\": \"" + started + "\", \"releaseFile\": \"" + release
                            + "\"}");
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
            RunningLocalUp.await("the first invocation to run", RELOAD, () -> Files.exists(started));

            project.writeOutput("v2");
            RunningLocalUp.await("the reload", RELOAD, () -> up.out().contains("reloaded greeter"));
            JsonNode afterReload = up.invoke(GREETER, "{}");
            Files.writeString(release, "go");
            JsonNode whileReloaded = inFlight.get();
            JsonNode next = up.invoke(GREETER, "{}");

            assertThat(afterReload.path("greeting").asText()).isEqualTo("hello v2");
            assertThat(whileReloaded.path("greeting").asText()).isEqualTo("hello v1");
            assertThat(next.path("greeting").asText()).isEqualTo("hello v2");
            assertThat(next.path("pid").asLong()).as("the old environment is not reused")
                    .isNotEqualTo(whileReloaded.path("pid").asLong());
        }
    }

    @Test
    void aChangedTemplateIsRedeployedAndUnchangedFunctionsKeepTheirEnvironments() throws Exception {
        GreeterProject project = GreeterProject.create(dir, "v1", "");
        try (RunningLocalUp up = watch(project)) {
            JsonNode before = up.invoke(GREETER, "{}");

            GreeterProject.write(project.root().resolve("stack.template.json"), GreeterProject.TEMPLATE.formatted(
                    ", \"Extra\": {\"Type\": \"AWS::SQS::Queue\", \"Properties\": {\"QueueName\": \"greeter-extra\"}}"));

            RunningLocalUp.await("the redeploy", RELOAD, () -> up.out().contains("redeployed "));
            JsonNode after = up.invoke(GREETER, "{}");
            assertThat(up.outLines()).anyMatch(line -> line.startsWith("synthesized in ")
                    && line.endsWith(": redeploying (templates changed: Greeter)"));
            assertThat(up.outLines()).anyMatch(line -> line.startsWith("redeployed Greeter in ")
                    && line.endsWith(" (new: Greeter/Extra)"));
            assertThat(after.path("greeting").asText()).isEqualTo("hello v1");
            assertThat(after.path("pid").asLong()).as("the same warm environment")
                    .isEqualTo(before.path("pid").asLong());
            assertThat(up.out()).doesNotContain("reloaded greeter");
        }
    }

    @Test
    void aFolderAssetIsReloadedFromTheNextSynthesis() throws Exception {
        GreeterProject project = GreeterProject.createWithFolderAsset(dir, "v1");
        try (RunningLocalUp up = watch(project)) {
            assertThat(up.out()).contains("No build output is byte-identical to greeter's code cdk.out/asset.",
                    "it is reloaded when a build's synthesis changes it.");
            assertThat(greeting(up)).isEqualTo("hello v1");

            project.setVersion("v2");

            awaitGreeting(up, "hello v2");
            assertThat(up.outLines()).anyMatch(line -> line.matches(
                    "reloaded greeter from cdk\\.out/asset\\.[0-9a-f]{64} \\(its asset in the new synthesis\\) in .*"));
        }
    }

    @Test
    void withNoBuildOnlyOutputsAreWatched() throws Exception {
        GreeterProject project = GreeterProject.create(dir, "v1", "");
        new CdkApp(Project.at(project.root()), new java.io.PrintWriter(java.io.Writer.nullWriter())).build();
        try (RunningLocalUp up = watch(project, "--no-build")) {
            assertThat(up.out()).contains("Watching build outputs only (--no-build)");

            project.setVersion("v2");
            project.writeOutput("v3");

            awaitGreeting(up, "hello v3");
            assertThat(project.builds()).isEqualTo(1);
        }
    }

    @Test
    void watchNeedsTheProjectsApp() throws Exception {
        Path template = Files.writeString(dir.resolve("t.yaml"), "Resources: {}\n");

        assertThat(CliRun.usageError("local", "up", "--watch", "--template", template.toString()))
                .isEqualTo("sluice: --watch follows the project's CDK app: it excludes"
                + " --template, --cdk-out and --no-deploy");
    }
}
