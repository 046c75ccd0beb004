package dev.sluice.local.lambda.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.local.core.Json;
import dev.sluice.local.lambda.LocalLambda;
import dev.sluice.testing.Await;
import dev.sluice.testing.TestFunctions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.Runtime;

/**
 * The automatic class-data-sharing archive per code version, of the kind the environments' JDK makes by default (the
 * AOT cache on JDK 24+, dynamic CDS before): the first environment trains it, the archive appears once that environment
 * is retired, and later environments of the same code map it. Looks at the real processes' command lines, memory maps
 * ({@code /proc}) and the JVM's own log, never at timings.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClassDataArchiveTest {

    private static final ObjectMapper JSON = Json.MAPPER;
    /** The JDK of LocalLambda's functions (java21). */
    private static final FunctionJdk JDK = FunctionJdk.forRuntime("java21");
    private static final ClassDataArchive.Kind KIND = ClassDataArchive.kindFor(JDK);
    /** Recording at exit and the create step take seconds on a busy machine; this only bounds a failure. */
    private static final Duration ARCHIVE_WAIT = Duration.ofSeconds(60);
    private LocalLambda local;

    @BeforeAll
    void start() throws Exception {
        assertThat(KIND).as("the JDK of the environments makes archives: %s", JDK).isNotNull();
        if (JDK.feature() >= ClassDataArchive.AOT_CACHE_FEATURE) {
            assertThat(KIND).as("the default on JDK %d+", ClassDataArchive.AOT_CACHE_FEATURE)
                    .isEqualTo(ClassDataArchive.Kind.AOT_CACHE);
        }
        local = new LocalLambda();
    }

    @AfterAll
    void stop() throws Exception {
        local.close();
    }

    @Test
    void eachCodeVersionTrainsOnceAndLaterEnvironmentsMapTheArchive() throws Exception {
        // several versions in a row: a training run that sometimes wrote nothing would show here
        for (int round = 1; round <= 3; round++) {
            String function = "archived-" + round;
            local.createFunction(function, TestFunctions.ECHO, 10, Map.of("ROUND", "1"));
            Path archive = archiveDir(function).resolve(KIND.fileName);

            long first = pidOf(invoke(function, "{}"));
            assertThat(arguments(first)).as("round %d trains", round)
                    .anyMatch(arg -> arg.startsWith(KIND.trainFlag + archive.resolveSibling(KIND.trainingFileName)
                            + "."))
                    .noneMatch(arg -> arg.startsWith(KIND.useFlag));
            assertThat(archive).doesNotExist();

            retire(function, first);
            Await.until("the archive of round " + round + " to be published", ARCHIVE_WAIT,
                    () -> Files.isRegularFile(archive));
            Await.until("the temporary files of round " + round + " to go", ARCHIVE_WAIT,
                    () -> temporaryFiles(archive.getParent()).isEmpty());

            InvokeResponse second = invoke(function, "{\"round\":2}");
            long pid = pidOf(second);
            assertThat(pid).isNotEqualTo(first);
            List<String> arguments = arguments(pid);
            assertThat(arguments).contains(KIND.useFlag + archive)
                    .noneMatch(arg -> arg.startsWith(KIND.trainFlag) || arg.startsWith("-XX:AOTMode="))
                    // the flags of the managed runtime stay
                    .contains("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC")
                    .anyMatch(arg -> arg.startsWith("-D" + RuntimeInterfaceClient.JNI_PROPERTY + "="));
            assertThat(arguments.get(0)).as("the chosen JDK runs the function")
                    .isEqualTo(JDK.java().toString());
            assertThat(Files.readString(Path.of("/proc/" + pid + "/maps"))).as("the JVM mapped the archive")
                    .contains(archive.toString());
        }
    }

    @Test
    void theArchiveIsUsedWithTheEnvironmentsOptionsAndNothingIsReportedAsAnError() throws Exception {
        local.createFunction("logged", TestFunctions.ECHO, 10, Map.of("ROUND", "1"));
        Path archive = archiveDir("logged").resolve(KIND.fileName);
        retire("logged", pidOf(invoke("logged", "{}")));
        Await.until("the archive to be published", ARCHIVE_WAIT, () -> Files.isRegularFile(archive));
        List<String> arguments = arguments(pidOf(invoke("logged", "{}")));

        // the environment's own command line up to its main class, with the JVM's archive log, and -version
        List<String> command = new ArrayList<>(arguments.subList(0, arguments.indexOf(RuntimeInterfaceClient.MAIN_CLASS)));
        if (KIND == ClassDataArchive.Kind.AOT_CACHE) {
            command.add("-Xlog:aot"); // an unknown tag before JDK 24
        }
        command.addAll(List.of("-Xlog:cds", "-version"));
        Process jvm = new ProcessBuilder(command).redirectErrorStream(true).start();
        String log = new String(jvm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(jvm.waitFor()).as(log).isZero();

        assertThat(log).as("nothing at error level").doesNotContain("[error]");
        if (KIND == ClassDataArchive.Kind.AOT_CACHE) {
            assertThat(log).contains("Opened AOT cache " + archive)
                    .contains("archived module property jdk.module.enable.native.access: ALL-UNNAMED")
                    .doesNotContain("Mismatched values");
        }
    }

    @Test
    void aKilledTrainingRunLeavesNothingAndALaterEnvironmentTrainsAgain() throws Exception {
        local.createFunction("killed", TestFunctions.ECHO, 10, Map.of());
        Path archive = archiveDir("killed").resolve(KIND.fileName);
        long first = pidOf(invoke("killed", "{}"));
        assertThat(arguments(first)).anyMatch(arg -> arg.startsWith(KIND.trainFlag));

        ProcessHandle.of(first).orElseThrow().destroyForcibly();
        Await.until("the killed training run to be cleaned up", ARCHIVE_WAIT,
                () -> ProcessHandle.of(first).isEmpty() && temporaryFiles(archive.getParent()).isEmpty()
                        && local.service.environments("killed").running() == 0);
        assertThat(archive).doesNotExist();

        long second = pidOf(invoke("killed", "{}"));
        assertThat(arguments(second)).as("a later environment trains again")
                .anyMatch(arg -> arg.startsWith(KIND.trainFlag));
        retire("killed", second);
        Await.until("the archive to be published", ARCHIVE_WAIT, () -> Files.isRegularFile(archive));
    }

    @Test
    void aFailedCreateStepDeletesItsFilesAndLetsTheVersionTrainAgain() throws Exception {
        Path task = Files.createDirectories(local.workDir.resolve("functions/unit/0123abcd/task"));
        ClassDataArchive archive = ClassDataArchive.of(ClassDataArchive.Kind.AOT_CACHE, task, local.workDir, JDK);
        ClassDataArchive.Use training = archive.use();
        assertThat(training.training()).isTrue();
        assertThat(archive.use().training()).as("one training run per version at a time").isFalse();
        Files.writeString(training.output(), "not an AOT configuration");

        boolean started = archive.finish(training, true,
                List.of(JDK.java().toString(), "-Xshare:auto"), task);

        assertThat(started).as("the create step started").isTrue();
        Await.until("the failed create step to clean up", ARCHIVE_WAIT,
                () -> temporaryFiles(archive.path().getParent()).isEmpty());
        assertThat(archive.path()).doesNotExist();
        ClassDataArchive.Use again = archive.use();
        assertThat(again.training()).as("the version may train again").isTrue();
        assertThat(archive.finish(again, false, List.of(), task)).as("a run that did not exit gracefully").isFalse();
    }

    @Test
    void aCreateStepStillRunningWhenTheCloudClosesIsKilledAndLeavesNoFile() throws Exception {
        Path codeDir = Files.createDirectories(local.workDir.resolve("functions/slow/4567cdef"));
        Path configuration = Files.writeString(codeDir.resolve("app.aotconf.test.tmp"), "recorded");
        Path output = codeDir.resolve("app.aot.test.tmp");
        Path cache = codeDir.resolve("app.aot");
        // a stand-in for a slow create step: the shell becomes a sleep and ignores the create options it is given
        var assembly = AotCacheAssembly.start(List.of("/bin/sh", "-c", "exec sleep 60"), codeDir, configuration,
                output, cache);
        // just after the fork the child may not have exec'd yet
        // kept from the check that found it: during the exec its command line can read as empty for a moment
        var found = new java.util.concurrent.atomic.AtomicReference<ProcessHandle>();
        Await.until("the create step's process", ARCHIVE_WAIT,
                () -> sleeper().map(process -> { found.set(process); return true; }).orElse(false));
        long pid = found.get().pid();
        assertThat(assembly).isNotDone();

        assertThat(AotCacheAssembly.killUnder(local.workDir.resolve("functions/other"))).isZero();
        assertThat(AotCacheAssembly.killUnder(local.workDir)).isEqualTo(1);

        assertThat(assembly.get(30, java.util.concurrent.TimeUnit.SECONDS)).as("published").isFalse();
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(cache).doesNotExist();
        assertThat(temporaryFiles(codeDir)).isEmpty();
    }

    @Test
    void environmentsStartingTogetherTrainOnlyOnce() throws Exception {
        local.createFunction("parallel", TestFunctions.ECHO, 10, Map.of());
        List<CompletableFuture<InvokeResponse>> calls = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            // each call sleeps, so each needs an environment of its own
            calls.add(CompletableFuture.supplyAsync(
                    () -> invoke("parallel", "{\"action\":\"sleep\",\"millis\":1500}")));
        }
        List<List<String>> commandLines = new ArrayList<>();
        List<Long> pids = new ArrayList<>();
        for (var call : calls) {
            long pid = pidOf(call.join());
            pids.add(pid);
            commandLines.add(arguments(pid));
        }

        assertThat(pids).doesNotHaveDuplicates();
        assertThat(commandLines).filteredOn(args -> args.stream()
                .anyMatch(arg -> arg.startsWith(KIND.trainFlag))).hasSize(1);
    }

    @Test
    void aHotReloadFolderGetsNoArchive() throws Exception {
        Path folder = Files.createDirectories(local.workDir.resolve("hot-reload-code"));
        try (ZipInputStream zip = new ZipInputStream(new java.io.ByteArrayInputStream(TestFunctions.ZIP.bytes()))) {
            for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                Path out = folder.resolve(entry.getName());
                Files.createDirectories(out.getParent());
                Files.copy(zip, out);
            }
        }
        local.lambda.createFunction(r -> r.functionName("reloaded").runtime(Runtime.JAVA21)
                .handler(TestFunctions.ECHO).role("arn:aws:iam::000000000000:role/test").timeout(10).memorySize(256)
                .code(c -> c.s3Bucket("hot-reload").s3Key(folder.toString())));

        long pid = pidOf(invoke("reloaded", "{}"));

        assertThat(arguments(pid)).noneMatch(arg -> arg.startsWith(KIND.trainFlag)
                || arg.startsWith(KIND.useFlag) || arg.startsWith("-XX:AOTMode="));
    }

    @Test
    void replacedCodeMakesNoArchiveAndTheNewCodeTrainsItsOwn() throws Exception {
        local.createFunction("replaced", TestFunctions.ECHO, 10, Map.of());
        Path oldCode = archiveDir("replaced");
        long first = pidOf(invoke("replaced", "{}"));
        assertThat(arguments(first)).anyMatch(arg -> arg.startsWith(KIND.trainFlag));

        byte[] newCode = withExtraEntry(TestFunctions.ZIP.bytes(), "version.txt");
        local.lambda.updateFunctionCode(r -> r.functionName("replaced").zipFile(SdkBytes.fromByteArray(newCode)));
        Await.until("environment " + first + " to exit", ARCHIVE_WAIT, () -> ProcessHandle.of(first).isEmpty());
        Await.until("the old code's training output to go", ARCHIVE_WAIT, () -> temporaryFiles(oldCode).isEmpty());

        assertThat(oldCode.resolve(KIND.fileName)).as("no archive for code no environment will run").doesNotExist();
        assertThat(ProcessHandle.current().descendants()).noneMatch(p -> p.info().commandLine().orElse("")
                .contains(oldCode.toString()));
        long second = pidOf(invoke("replaced", "{}"));
        assertThat(arguments(second)).as("the new code's first environment trains")
                .anyMatch(arg -> arg.startsWith(KIND.trainFlag) && !arg.contains(oldCode.toString()));
    }

    private static byte[] withExtraEntry(byte[] zip, String name) throws java.io.IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (ZipInputStream in = new ZipInputStream(new java.io.ByteArrayInputStream(zip));
             java.util.zip.ZipOutputStream out = new java.util.zip.ZipOutputStream(bytes)) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                out.putNextEntry(new ZipEntry(entry.getName()));
                in.transferTo(out);
                out.closeEntry();
            }
            out.putNextEntry(new ZipEntry(name));
            out.write(name.getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        return bytes.toByteArray();
    }

    /** A new configuration retires the idle environment (SIGTERM: the training run writes its output on exit). */
    private void retire(String function, long pid) throws Exception {
        local.lambda.updateFunctionConfiguration(r -> r.functionName(function)
                .environment(e -> e.variables(Map.of("ROUND", "retired-" + pid))));
        Await.until("environment " + pid + " to exit", ARCHIVE_WAIT, () -> ProcessHandle.of(pid).isEmpty());
    }

    private static java.util.Optional<ProcessHandle> sleeper() {
        return ProcessHandle.current().children()
                .filter(child -> child.info().commandLine().orElse("").contains("sleep 60")).findFirst();
    }

    private InvokeResponse invoke(String function, String payload) {
        return local.lambda.invoke(r -> r.functionName(function).payload(SdkBytes.fromUtf8String(payload)));
    }

    private static long pidOf(InvokeResponse response) throws Exception {
        assertThat(response.functionError()).as(response.payload().asUtf8String()).isNull();
        return JSON.readTree(response.payload().asUtf8String()).get("pid").asLong();
    }

    /** The live process's arguments, read from /proc (the JVM's own view, not what we meant to pass). */
    private static List<String> arguments(long pid) throws Exception {
        byte[] raw = Files.readAllBytes(Path.of("/proc/" + pid + "/cmdline"));
        return List.of(new String(raw, StandardCharsets.UTF_8).split("\0"));
    }

    /** Training outputs, temporary archives and the create step's log of a code version. */
    private static List<String> temporaryFiles(Path codeDir) {
        try (Stream<Path> files = Files.list(codeDir)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(name -> name.startsWith("app.") && !name.equals(KIND.fileName))
                    .toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Where the archives of the function's (one) code version for the JDK are. */
    private Path archiveDir(String function) throws Exception {
        return ClassDataArchive.folder(codeDir(function), JDK);
    }

    private Path codeDir(String function) throws Exception {
        try (var versions = Files.list(local.workDir.resolve("functions").resolve(function))) {
            return versions.filter(Files::isDirectory).findFirst().orElseThrow();
        }
    }
}
