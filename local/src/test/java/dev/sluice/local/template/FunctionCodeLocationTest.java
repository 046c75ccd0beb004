package dev.sluice.local.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where a function's code is found on this machine, from CDK asset metadata or Sluice's hot-reload form. */
class FunctionCodeLocationTest {

    @TempDir
    Path dir;

    private static ResourceProperties props(Map<String, Object> values) {
        return new ResourceProperties("stack", "Fn", values);
    }

    @Test
    void cdkAssetMetadataIsReadRelativeToTheTemplate() throws Exception {
        Path zip = Files.writeString(dir.resolve("asset.abc.zip"), "zip");

        Path code = FunctionProvisioner.code(props(Map.of("Code", Map.of("S3Bucket", "cdk-assets", "S3Key", "abc.zip"))),
                Map.of("aws:asset:path", "asset.abc.zip"), dir);

        assertThat(code).isEqualTo(zip.toAbsolutePath());
    }

    @Test
    void hotReloadBucketNamesAPathRelativeToTheTemplate() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("build/handler"));

        Path code = FunctionProvisioner.code(props(Map.of("Code", Map.of("S3Bucket", "hot-reload",
                "S3Key", "build/handler"))), Map.of(), dir);

        assertThat(code).isEqualTo(folder.toAbsolutePath());
    }

    @Test
    void cdkAssetWithoutMetadataIsFoundInTheCloudAssembly() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("asset.f00d"));

        Path code = FunctionProvisioner.code(props(Map.of("Code", Map.of("S3Bucket", "cdk-assets", "S3Key", "f00d.zip"))),
                Map.of(), dir);

        assertThat(code).isEqualTo(folder.toAbsolutePath());
    }

    @Test
    void inlineCodeIsRefusedWithTheWayOut() {
        assertThatThrownBy(() -> FunctionProvisioner.code(props(Map.of("Code", Map.of("ZipFile", "exports.h = 1"))),
                Map.of(), dir))
                .isInstanceOf(TemplateException.class)
                .hasMessageContaining("resource Fn property Code.ZipFile")
                .hasMessageContaining("aws:asset:path")
                .hasMessageContaining("hot-reload");
    }

    @Test
    void missingCodeFileIsNamed() {
        assertThatThrownBy(() -> FunctionProvisioner.code(props(Map.of()), Map.of("aws:asset:path", "gone.zip"), dir))
                .isInstanceOf(TemplateException.class)
                .hasMessageContaining(dir.resolve("gone.zip").toAbsolutePath().toString())
                .hasMessageContaining("does not exist");
    }

    @Test
    void busNamesAreTakenFromArns() {
        assertThat(EventsProvisioner.busName("arn:aws:events:us-east-1:000000000000:event-bus/orders")).isEqualTo("orders");
        assertThat(EventsProvisioner.busName("orders")).isEqualTo("orders");
        assertThat(EventsProvisioner.busName(null)).isEqualTo("default");
    }

    @Test
    void generatedNamesAreStableAndBounded() {
        ResourceProperties props = new ResourceProperties("a-very-long-stack-name-for-testing-limits",
                "AnEvenLongerLogicalIdThatWouldOverflowTheLimit", Map.of());

        String name = props.generatedName(64, "");

        assertThat(name).hasSizeLessThanOrEqualTo(64).startsWith("a-very-long-stack-name")
                .isEqualTo(props.generatedName(64, ""));
        assertThat(props.generatedName(80, ".fifo")).endsWith(".fifo").hasSizeLessThanOrEqualTo(80);
    }
}
