package dev.sluice.local.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.local.RawHttp;
import dev.sluice.local.core.Json;
import dev.sluice.local.lambda.api.LambdaApi;
import dev.sluice.local.lambda.runtime.FunctionCode;
import dev.sluice.testing.HandlerZip;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.model.InvalidParameterValueException;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.LambdaException;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;
import software.amazon.awssdk.services.lambda.model.Runtime;

/**
 * A real function behind the local Lambda API and AWS's limits on what goes in and out of it: the Runtime API
 * token (another process cannot take its invocations or answer them), response and payload sizes, unzipped code.
 */
class LambdaLimitsTest {

    private static final String PROBE = "fixture.Probe::handleRequest";
    private static final HandlerZip ZIP = HandlerZip.of("fixture.Probe", """
            package fixture;
            import com.amazonaws.services.lambda.runtime.Context;
            import com.amazonaws.services.lambda.runtime.RequestHandler;
            import java.nio.file.*;
            import java.util.Map;
            public class Probe implements RequestHandler<Map<String, Object>, Object> {
                public Object handleRequest(Map<String, Object> input, Context context) {
                    Object appendTo = input.get("appendTo");
                    if (appendTo != null) {
                        try {
                            Files.writeString(Path.of(appendTo.toString()), "ran\\n", StandardOpenOption.CREATE,
                                    StandardOpenOption.APPEND);
                        } catch (java.io.IOException e) { throw new RuntimeException(e); }
                    }
                    switch (String.valueOf(input.getOrDefault("action", "whoami"))) {
                        case "runtime-api": return System.getenv("AWS_LAMBDA_RUNTIME_API");
                        case "big": return "x".repeat(((Number) input.get("bytes")).intValue());
                        case "fail": throw new IllegalStateException("failed on demand");
                        default: return Map.of("pid", ProcessHandle.current().pid(),
                                "requestId", context.getAwsRequestId());
                    }
                }
            }
            """);

    @TempDir
    static Path dir;

    private static LocalLambda local;

    @BeforeAll
    static void start() throws Exception {
        local = new LocalLambda();
        SdkBytes zip = SdkBytes.fromByteArray(ZIP.bytes());
        local.lambda.createFunction(r -> r.functionName("probe").runtime(Runtime.JAVA21).handler(PROBE)
                .role("arn:aws:iam::000000000000:role/test").timeout(30).memorySize(256)
                .code(c -> c.zipFile(zip)));
    }

    @AfterAll
    static void stop() throws Exception {
        local.close();
    }

    @Test
    void anotherProcessWithoutTheTokenCannotTakeOrAnswerAnInvocation() throws Exception {
        String address = invoke("{\"action\":\"runtime-api\"}").textValue();
        assertThat(address).matches("127\\.0\\.0\\.1:\\d+/[A-Za-z0-9_-]{43}");
        long pid = invoke("{}").get("pid").asLong();
        String stranger = "http://" + address.substring(0, address.indexOf('/')) + "/2018-06-01/runtime/";
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

        HttpResponse<String> next = http.send(HttpRequest.newBuilder(URI.create(stranger + "invocation/next"))
                .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> forged = http.send(HttpRequest.newBuilder(URI.create(stranger + "invocation/"
                        + java.util.UUID.randomUUID() + "/response")).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString("\"forged\"")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(next.statusCode()).isEqualTo(403);
        assertThat(forged.statusCode()).isEqualTo(403);
        JsonNode answer = invoke("{}");
        assertThat(answer.get("pid").asLong()).as("the same environment answers").isEqualTo(pid);
        assertThat(answer.get("requestId").asText()).isNotBlank();
    }

    @Test
    void functionErrorsTravelTheRuntimeClientsJavaPathWithTheToken() {
        InvokeResponse response = local.lambda.invoke(r -> r.functionName("probe")
                .payload(SdkBytes.fromUtf8String("{\"action\":\"fail\"}")));

        assertThat(response.functionError()).isEqualTo("Unhandled");
        assertThat(response.payload().asUtf8String()).contains("failed on demand");
    }

    @Test
    void responseOverSixMegabytesIsAwsFunctionError() throws Exception {
        InvokeResponse response = local.lambda.invoke(r -> r.functionName("probe")
                .payload(SdkBytes.fromUtf8String("{\"action\":\"big\",\"bytes\":7000000}")));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.functionError()).isEqualTo("Unhandled");
        JsonNode error = Json.MAPPER.readTree(response.payload().asByteArray());
        assertThat(error.get("errorType").asText()).isEqualTo("Function.ResponseSizeTooLarge");
        assertThat(error.get("errorMessage").asText())
                .isEqualTo("Response payload size exceeded maximum allowed payload size (6291556 bytes).");
        assertThat(invoke("{}").get("requestId").asText()).as("the function still answers").isNotBlank();
    }

    @Test
    void oversizedPayloadsAreRefusedBeforeAnythingRuns() {
        Path ran = dir.resolve("ran.txt");
        String padding = "x".repeat(7 * 1024 * 1024);
        String sync = "{\"appendTo\":\"" + ran + "\",\"padding\":\"" + padding + "\"}";
        String async = "{\"appendTo\":\"" + ran + "\",\"padding\":\"" + padding.substring(0, 1024 * 1024) + "\"}";

        assertThatThrownBy(() -> local.lambda.invoke(r -> r.functionName("probe").payload(SdkBytes.fromUtf8String(sync))))
                .isInstanceOfSatisfying(LambdaException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(413);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("RequestEntityTooLargeException");
                    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(sync.length()
                            + " byte payload is too large for the RequestResponse invocation type (limit 6291456 bytes)");
                });
        assertThatThrownBy(() -> local.lambda.invoke(r -> r.functionName("probe").invocationType(InvocationType.EVENT)
                .payload(SdkBytes.fromUtf8String(async))))
                .isInstanceOfSatisfying(LambdaException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(413);
                    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(async.length()
                            + " byte payload is too large for the Event invocation type (limit 1048576 bytes)");
                });
        assertThat(ran).doesNotExist();
    }

    @Test
    void zipBombIsRefusedAndLeavesNothingOnDisk() throws Exception {
        SdkBytes bomb = SdkBytes.fromByteArray(zipOfZeros(300 * 1024 * 1024));

        assertThatThrownBy(() -> local.lambda.createFunction(r -> r.functionName("bomb").runtime(Runtime.JAVA21)
                .handler(PROBE).role("arn:aws:iam::000000000000:role/test").code(c -> c.zipFile(bomb))))
                .isInstanceOf(InvalidParameterValueException.class)
                .hasMessageContaining("Unzipped size must be smaller than 262144000 bytes");
        assertThatThrownBy(() -> local.lambda.updateFunctionCode(r -> r.functionName("probe").zipFile(bomb)))
                .isInstanceOf(InvalidParameterValueException.class)
                .hasMessageContaining("Unzipped size must be smaller than 262144000 bytes");

        assertThatThrownBy(() -> local.lambda.getFunction(r -> r.functionName("bomb")))
                .isInstanceOf(ResourceNotFoundException.class);
        Path functions = local.workDir.resolve("functions");
        assertThat(functions.resolve("bomb")).doesNotExist();
        try (Stream<Path> probeVersions = Files.list(functions.resolve("probe"))) {
            List<Path> versions = probeVersions.toList();
            assertThat(versions).hasSize(1);
            try (Stream<Path> inside = Files.list(versions.get(0))) {
                assertThat(inside.map(p -> p.getFileName().toString())).as("no staging folder left")
                        .allMatch(name -> !name.startsWith("task-"));
            }
        }
        assertThat(invoke("{}").get("requestId").asText()).as("the old code still runs").isNotBlank();
    }

    @Test
    void codeUploadsMayBeLargerThanOtherRequestsUpToAwsLimit() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes);
             java.util.zip.ZipInputStream probe = new java.util.zip.ZipInputStream(
                     new java.io.ByteArrayInputStream(ZIP.bytes()))) {
            for (ZipEntry entry; (entry = probe.getNextEntry()) != null; ) {
                zip.putNextEntry(new ZipEntry(entry.getName()));
                probe.transferTo(zip);
            }
            zip.putNextEntry(new ZipEntry("padding.bin")); // random: the zip stays about 10 MB
            byte[] random = new byte[10 * 1024 * 1024];
            new java.util.Random(42).nextBytes(random);
            zip.write(random);
        }
        SdkBytes large = SdkBytes.fromByteArray(bytes.toByteArray());

        String arn = local.lambda.createFunction(r -> r.functionName("large").runtime(Runtime.JAVA21).handler(PROBE)
                .role("arn:aws:iam::000000000000:role/test").code(c -> c.zipFile(large))).functionArn();
        assertThat(arn).endsWith(":function:large");
        local.lambda.deleteFunction(r -> r.functionName("large"));

        String answer = RawHttp.exchange(local.edge.port(), "POST /2015-03-31/functions HTTP/1.1\r\n"
                + "Host: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: "
                + (LambdaApi.CODE_UPLOAD_MAX_BODY_BYTES + 1) + "\r\n\r\n");

        assertThat(answer).startsWith("HTTP/1.1 413").contains("limit of 69905067 bytes");
    }

    @Test
    void zipWithTooManyEntriesIsRefusedAndRemoved() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (int i = 0; i < 11; i++) {
                zip.putNextEntry(new ZipEntry("f" + i));
                zip.closeEntry();
            }
        }
        Path work = Files.createDirectories(dir.resolve("entries"));

        assertThatThrownBy(() -> FunctionCode.fromZip(bytes.toByteArray(), work, "many", Long.MAX_VALUE, 10))
                .isInstanceOf(dev.sluice.local.edge.AwsError.class)
                .hasMessageContaining("more than 10 entries");
        assertThat(work.resolve("functions").resolve("many")).doesNotExist();
        assertThat(FunctionCode.fromZip(bytes.toByteArray(), work, "many", Long.MAX_VALUE, 11).taskRoot())
                .isDirectory();
    }

    private static JsonNode invoke(String payload) throws IOException {
        InvokeResponse response = local.lambda.invoke(r -> r.functionName("probe")
                .payload(SdkBytes.fromUtf8String(payload)));
        assertThat(response.functionError()).as(response.payload().asUtf8String()).isNull();
        return Json.MAPPER.readTree(response.payload().asByteArray());
    }

    /** A zip of one entry holding {@code size} zero bytes: a few hundred KB that unpack to {@code size}. */
    private static byte[] zipOfZeros(int size) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("zeros.bin"));
            byte[] block = new byte[1024 * 1024];
            for (int written = 0; written < size; written += block.length) {
                zip.write(block);
            }
            zip.closeEntry();
        }
        return bytes.toByteArray();
    }
}
