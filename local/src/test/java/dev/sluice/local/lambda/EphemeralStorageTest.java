package dev.sluice.local.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.local.core.Json;
import dev.sluice.testing.Await;
import dev.sluice.testing.HandlerZip;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.LambdaException;

/** Each execution environment has its own /tmp, as on AWS: not shared, kept while it runs, deleted when it stops. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EphemeralStorageTest {

    /** Reads, then writes /tmp/shared.txt (by java.io.tmpdir), after sleeping {@code millis}; null answers are left out. */
    private static final HandlerZip TMP_FILE = HandlerZip.of("fixture.TmpFile", """
            package fixture;
            import com.amazonaws.services.lambda.runtime.Context;
            import com.amazonaws.services.lambda.runtime.RequestHandler;
            import java.nio.file.*;
            import java.util.*;
            public class TmpFile implements RequestHandler<Map<String, Object>, Map<String, Object>> {
                public Map<String, Object> handleRequest(Map<String, Object> input, Context context) {
                    try {
                        Path file = Path.of(System.getProperty("java.io.tmpdir"), "shared.txt");
                        String before = Files.exists(file) ? Files.readString(file) : null;
                        Thread.sleep(((Number) input.getOrDefault("millis", 0)).longValue());
                        String mine = ProcessHandle.current().pid() + "";
                        Files.writeString(file, mine);
                        Map<String, Object> out = new LinkedHashMap<>();
                        out.put("before", before);
                        out.put("mine", mine);
                        out.put("tmpdir", System.getProperty("java.io.tmpdir"));
                        out.put("TMPDIR", System.getenv("TMPDIR"));
                        return out;
                    } catch (Exception e) {
                        throw new RuntimeException(e);
                    }
                }
            }
            """);

    @AutoClose
    private final LocalLambda local = LocalLambda.start();

    @Test
    void twoEnvironmentsWritingTheSameTmpFileDoNotSeeEachOthersFile() throws Exception {
        create("tmp-user", 512);
        List<CompletableFuture<JsonNode>> calls = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            // each call sleeps while the other runs, so each needs an environment of its own
            calls.add(CompletableFuture.supplyAsync(() -> invoke("tmp-user", "{\"millis\":1500}")));
        }
        JsonNode first = calls.get(0).join();
        JsonNode second = calls.get(1).join();

        assertThat(first.get("mine").asText()).isNotEqualTo(second.get("mine").asText());
        assertThat(!first.hasNonNull("before")).as("the first environment saw no file").isTrue();
        assertThat(!second.hasNonNull("before")).as("the second environment saw no file").isTrue();
        assertThat(first.get("tmpdir").asText()).isNotEqualTo(second.get("tmpdir").asText());
        for (JsonNode answer : List.of(first, second)) {
            assertThat(answer.get("TMPDIR").asText()).isEqualTo(answer.get("tmpdir").asText());
            assertThat(Path.of(answer.get("tmpdir").asText())).startsWith(local.workDir.resolve("environments"))
                    .isDirectory();
        }

        JsonNode again = invoke("tmp-user", "{}");
        assertThat(again.get("before").asText()).as("a warm environment keeps its /tmp").isEqualTo(
                again.get("mine").asText());
    }

    @Test
    void anEnvironmentsTmpIsDeletedWhenItStops() throws Exception {
        create("tmp-stopped", 1024);
        Path tmp = Path.of(invoke("tmp-stopped", "{}").get("tmpdir").asText());
        assertThat(tmp.resolve("shared.txt")).exists();

        // a new configuration retires the idle environment
        local.lambda.updateFunctionConfiguration(r -> r.functionName("tmp-stopped").timeout(21));

        Await.until("the stopped environment's folder to go", Duration.ofSeconds(30),
                () -> !Files.exists(tmp.getParent()));
        assertThat(!invoke("tmp-stopped", "{}").hasNonNull("before")).as("a new environment starts empty").isTrue();
    }

    @Test
    void theSizeIsConfiguredAndReportedWithinAwsLimits() throws Exception {
        create("tmp-large", 10_240);
        assertThat(local.lambda.getFunctionConfiguration(r -> r.functionName("tmp-large")).ephemeralStorage().size())
                .isEqualTo(10_240);
        local.lambda.updateFunctionConfiguration(r -> r.functionName("tmp-large").ephemeralStorage(s -> s.size(2048)));
        assertThat(local.lambda.getFunctionConfiguration(r -> r.functionName("tmp-large")).ephemeralStorage().size())
                .isEqualTo(2048);
        local.lambda.createFunction(r -> r.functionName("tmp-default").runtime("java17")
                .handler("fixture.TmpFile::handleRequest").role("arn:aws:iam::000000000000:role/test")
                .code(c -> c.zipFile(SdkBytes.fromByteArray(bytes()))));
        assertThat(local.lambda.getFunctionConfiguration(r -> r.functionName("tmp-default")).ephemeralStorage().size())
                .isEqualTo(512);

        assertThatThrownBy(() -> create("tmp-small", 511)).isInstanceOf(LambdaException.class)
                .hasMessageContaining("Value '511' at 'ephemeralStorage.size'")
                .hasMessageContaining("greater than or equal to 512");
        assertThatThrownBy(() -> create("tmp-huge", 10_241)).isInstanceOf(LambdaException.class)
                .hasMessageContaining("less than or equal to 10240");
    }

    private void create(String name, int size) {
        local.lambda.createFunction(r -> r.functionName(name).runtime("java21").handler("fixture.TmpFile::handleRequest")
                .role("arn:aws:iam::000000000000:role/test").timeout(20).ephemeralStorage(s -> s.size(size))
                .code(c -> c.zipFile(SdkBytes.fromByteArray(bytes()))));
    }

    private JsonNode invoke(String function, String payload) {
        InvokeResponse response = local.lambda.invoke(r -> r.functionName(function)
                .payload(SdkBytes.fromUtf8String(payload)));
        assertThat(response.functionError()).as(response.payload().asUtf8String()).isNull();
        try {
            return Json.MAPPER.readTree(response.payload().asUtf8String());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static byte[] bytes() {
        try {
            return TMP_FILE.bytes();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
