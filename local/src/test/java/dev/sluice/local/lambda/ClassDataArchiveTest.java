package dev.sluice.local.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
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
 * The automatic class-data-sharing archive per code version: the first environment trains it, the JVM dumps it when
 * that environment stops, and later environments of the same code map it. Looks at the real processes' command
 * lines and memory maps ({@code /proc}), never at timings.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClassDataArchiveTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The flags of the JDK environments run on (dynamic CDS unless the AOT cache is asked for). */
    private static final ClassDataArchive.Kind KIND = ClassDataArchive.kindFor(FunctionJdk.resolve());
    private LocalLambda local;

    @BeforeAll
    void start() throws Exception {
        assertThat(KIND).as("the JDK of the environments makes archives: %s", FunctionJdk.resolve()).isNotNull();
        local = new LocalLambda();
    }

    @AfterAll
    void stop() throws Exception {
        local.close();
    }

    @Test
    void theSecondEnvironmentOfACodeVersionMapsTheArchiveTheFirstOneDumped() throws Exception {
        local.createFunction("archived", TestFunctionZip.ECHO, 10, Map.of("ROUND", "1"));
        Path archive = codeDir("archived").resolve(KIND.fileName);

        long first = pidOf(invoke("archived", "{}"));
        assertThat(arguments(first)).anyMatch(arg -> arg.startsWith(KIND.trainFlag + archive + "."))
                .noneMatch(arg -> arg.startsWith(KIND.useFlag));
        assertThat(archive).doesNotExist();

        // a new configuration retires the idle environment (SIGTERM: the JVM dumps its archive on the way out)
        local.lambda.updateFunctionConfiguration(r -> r.functionName("archived")
                .environment(e -> e.variables(Map.of("ROUND", "2"))));
        Await.until("the first environment to exit", Duration.ofSeconds(30), () -> ProcessHandle.of(first).isEmpty());
        Await.until("the archive to be published", Duration.ofSeconds(10), () -> Files.isRegularFile(archive));
        try (var leftovers = Files.list(archive.getParent())) {
            assertThat(leftovers.map(p -> p.getFileName().toString())).noneMatch(name -> name.endsWith(".tmp"));
        }

        InvokeResponse second = invoke("archived", "{\"round\":2}");
        assertThat(second.functionError()).isNull();
        long pid = pidOf(second);
        assertThat(pid).isNotEqualTo(first);
        assertThat(arguments(pid)).contains(KIND.useFlag + archive)
                .noneMatch(arg -> arg.startsWith(KIND.trainFlag))
                // the flags of the managed runtime stay
                .contains("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC")
                .anyMatch(arg -> arg.startsWith("-D" + RuntimeInterfaceClient.JNI_PROPERTY + "="));
        assertThat(arguments(pid).get(0)).as("the chosen JDK runs the function")
                .isEqualTo(FunctionJdk.resolve().java().toString());
        assertThat(Files.readString(Path.of("/proc/" + pid + "/maps"))).as("the JVM mapped the archive")
                .contains(archive.toString());
    }

    @Test
    void environmentsStartingTogetherTrainOnlyOnce() throws Exception {
        local.createFunction("parallel", TestFunctionZip.ECHO, 10, Map.of());
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
        try (ZipInputStream zip = new ZipInputStream(new java.io.ByteArrayInputStream(TestFunctionZip.ZIP.bytes()))) {
            for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                Path out = folder.resolve(entry.getName());
                Files.createDirectories(out.getParent());
                Files.copy(zip, out);
            }
        }
        local.lambda.createFunction(r -> r.functionName("reloaded").runtime(Runtime.JAVA21)
                .handler(TestFunctionZip.ECHO).role("arn:aws:iam::000000000000:role/test").timeout(10).memorySize(256)
                .code(c -> c.s3Bucket("hot-reload").s3Key(folder.toString())));

        long pid = pidOf(invoke("reloaded", "{}"));

        assertThat(arguments(pid)).noneMatch(arg -> arg.startsWith(KIND.trainFlag)
                || arg.startsWith(KIND.useFlag));
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
        return List.of(new String(raw, java.nio.charset.StandardCharsets.UTF_8).split("\0"));
    }

    private Path codeDir(String function) throws Exception {
        try (var versions = Files.list(local.workDir.resolve("functions").resolve(function))) {
            return versions.filter(Files::isDirectory).findFirst().orElseThrow();
        }
    }
}
