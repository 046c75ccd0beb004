package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input is refused with exit code 2 and a line that names the problem, before anything is contacted. */
class UsageErrorTest {

    @TempDir
    Path dir;

    @Test
    void unknownTargetListsTheValidOnes() {
        assertThat(CliRun.usageError("deploy", "--target", "gcp"))
                .startsWith("sluice: ").contains("--target", "gcp", "[aws, localstack]");
    }

    @Test
    void deployNeedsATarget() {
        assertThat(CliRun.usageError("deploy")).contains("--target");
    }

    @Test
    void detailNeedsASourceAndADetailType() {
        assertThat(CliRun.usageError("send", "--endpoint-url", "http://127.0.0.1:9", "--detail-type", "T",
                "--detail", "{}")).isEqualTo(
                "sluice: --detail: Source is required: give it in the entry or with --source");
        assertThat(CliRun.usageError("send", "--endpoint-url", "http://127.0.0.1:9", "--source", "s",
                "--detail", "{}")).isEqualTo(
                "sluice: --detail: DetailType is required: give it in the entry or with --detail-type");
    }

    @Test
    void contextMustBeKeyEqualsValue() {
        assertThat(CliRun.usageError("synth", "-c", "stage")).contains("stage");
    }

    @Test
    void badJsonFileNamesTheFileAndThePosition() throws IOException {
        Path file = dir.resolve("orders.json");
        Files.writeString(file, "{\n  \"Source\": \"shop.orders\",\n  \"Detail\": {\"orderId\": }\n}\n");

        assertThat(CliRun.usageError("send", "--endpoint-url", "http://127.0.0.1:9", "--file", file.toString()))
                .startsWith("sluice: " + file + ": invalid JSON at line 3, column ");
    }

    @Test
    void badDetailIsAUsageError() {
        assertThat(CliRun.usageError("send", "--endpoint-url", "http://127.0.0.1:9", "--source", "s",
                "--detail-type", "t", "--detail", "[1, 2]"))
                .isEqualTo("sluice: --detail: Detail must be a JSON object");
    }

    @Test
    void unknownEntryFieldIsNamed() {
        assertThat(CliRun.usageError("send", "--endpoint-url", "http://127.0.0.1:9",
                "--entry", "[{\"Source\": \"s\", \"DetailType\": \"t\", \"Detail\": {}}, {\"Detail\": {}, \"Bus\": \"orders\"}]"))
                .startsWith("sluice: --entry: entry 2: unknown field 'Bus'");
    }

    @Test
    void detailStringMustHoldJson() {
        assertThat(CliRun.usageError("send", "--endpoint-url", "http://127.0.0.1:9",
                "--entry", "{\"Detail\": \"{not json\"}"))
                .startsWith("sluice: --entry: Detail: invalid JSON at line 1, column 2: Unexpected character");
    }

    @Test
    void oversizedEntryNamesTheLimit() {
        String detail = "{\"blob\":\"" + "x".repeat(EventEntries.MAX_ENTRY_BYTES) + "\"}";

        assertThat(CliRun.usageError("send", "--endpoint-url", "http://127.0.0.1:9", "--source", "s",
                "--detail-type", "t", "--detail", detail)).contains("EventBridge accepts at most 1048576 (1 MiB)");
    }

    @Test
    void sendNeedsExactlyOneInput() {
        assertThat(CliRun.usageError("send")).contains("--file", "--detail", "--entry");
        assertThat(CliRun.usageError("send", "--detail", "{}", "--entry", "{}")).contains("mutually exclusive");
    }

    @Test
    void missingFileIsNamed() {
        assertThat(CliRun.usageError("send", "--file", dir.resolve("nope.json").toString()))
                .endsWith("nope.json: no such file");
    }

    @Test
    void endpointMustBeAUrl() {
        assertThat(CliRun.usageError("status", "--endpoint-url", "localhost:4566"))
                .contains("--endpoint-url must be an absolute http(s) URL");
    }

    @Test
    void redriveMaxMustBePositive() {
        assertThat(CliRun.usageError("redrive", "some-dlq", "--max", "0"))
                .isEqualTo("sluice: --max must be at least 1 (given 0)");
    }
}
