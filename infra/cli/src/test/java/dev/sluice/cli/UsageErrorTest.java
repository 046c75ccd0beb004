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
        CliRun run = CliRun.inProcess("deploy", "--target", "gcp");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines().get(0)).startsWith("sluice: ").contains("--target", "gcp", "[aws, localstack]");
    }

    @Test
    void deployNeedsATarget() {
        CliRun run = CliRun.inProcess("deploy");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines().get(0)).contains("--target");
    }

    @Test
    void detailNeedsASourceAndADetailType() {
        CliRun noSource = CliRun.inProcess("send", "--endpoint-url", "http://127.0.0.1:9", "--detail-type", "T",
                "--detail", "{}");
        CliRun noType = CliRun.inProcess("send", "--endpoint-url", "http://127.0.0.1:9", "--source", "s",
                "--detail", "{}");

        assertThat(noSource.exitCode()).isEqualTo(2);
        assertThat(noSource.errLines().get(0)).isEqualTo(
                "sluice: --detail: Source is required: give it in the entry or with --source");
        assertThat(noType.exitCode()).isEqualTo(2);
        assertThat(noType.errLines().get(0)).isEqualTo(
                "sluice: --detail: DetailType is required: give it in the entry or with --detail-type");
    }

    @Test
    void contextMustBeKeyEqualsValue() {
        CliRun run = CliRun.inProcess("synth", "-c", "stage");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines().get(0)).contains("stage");
    }

    @Test
    void badJsonFileNamesTheFileAndThePosition() throws IOException {
        Path file = dir.resolve("orders.json");
        Files.writeString(file, "{\n  \"Source\": \"shop.orders\",\n  \"Detail\": {\"orderId\": }\n}\n");

        CliRun run = CliRun.inProcess("send", "--endpoint-url", "http://127.0.0.1:9", "--file", file.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines().get(0)).startsWith("sluice: " + file + ": invalid JSON at line 3, column ");
    }

    @Test
    void badDetailIsAUsageError() {
        CliRun run = CliRun.inProcess("send", "--endpoint-url", "http://127.0.0.1:9", "--source", "s",
                "--detail-type", "t", "--detail", "[1, 2]");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines().get(0)).isEqualTo("sluice: --detail: Detail must be a JSON object");
    }

    @Test
    void unknownEntryFieldIsNamed() {
        CliRun run = CliRun.inProcess("send", "--endpoint-url", "http://127.0.0.1:9",
                "--entry", "[{\"Source\": \"s\", \"DetailType\": \"t\", \"Detail\": {}}, {\"Detail\": {}, \"Bus\": \"orders\"}]");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines().get(0)).startsWith("sluice: --entry: entry 2: unknown field 'Bus'");
    }

    @Test
    void detailStringMustHoldJson() {
        CliRun run = CliRun.inProcess("send", "--endpoint-url", "http://127.0.0.1:9",
                "--entry", "{\"Detail\": \"{not json\"}");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines().get(0)).startsWith("sluice: --entry: Detail: invalid JSON at line 1, column 2: Unexpected character");
    }

    @Test
    void oversizedEntryNamesTheLimit() {
        String detail = "{\"blob\":\"" + "x".repeat(EventEntries.MAX_ENTRY_BYTES) + "\"}";

        CliRun run = CliRun.inProcess("send", "--endpoint-url", "http://127.0.0.1:9", "--source", "s",
                "--detail-type", "t", "--detail", detail);

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines().get(0)).contains("EventBridge accepts at most 1048576 (1 MiB)");
    }

    @Test
    void sendNeedsExactlyOneInput() {
        CliRun none = CliRun.inProcess("send");
        CliRun two = CliRun.inProcess("send", "--detail", "{}", "--entry", "{}");

        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.errLines().get(0)).contains("--file", "--detail", "--entry");
        assertThat(two.exitCode()).isEqualTo(2);
        assertThat(two.errLines().get(0)).contains("mutually exclusive");
    }

    @Test
    void missingFileIsNamed() {
        CliRun run = CliRun.inProcess("send", "--file", dir.resolve("nope.json").toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines().get(0)).endsWith("nope.json: no such file");
    }

    @Test
    void endpointMustBeAUrl() {
        CliRun run = CliRun.inProcess("status", "--endpoint-url", "localhost:4566");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines().get(0)).contains("--endpoint-url must be an absolute http(s) URL");
    }

    @Test
    void redriveMaxMustBePositive() {
        CliRun run = CliRun.inProcess("redrive", "some-dlq", "--max", "0");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines().get(0)).isEqualTo("sluice: --max must be at least 1 (given 0)");
    }
}
