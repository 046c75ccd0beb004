package dev.sluice.local.template;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.local.CloudUnderTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A template names code to run by path; the deployer warns (one line, and deploys anyway) when that path leads out
 * of the template's folder once {@code ..} and symbolic links are resolved.
 */
class CodeOutsideTemplateTest {

    @TempDir
    Path dir;

    @Test
    void codeInsideTheTemplatesFolderIsQuiet() throws Exception {
        Path template = Files.createDirectories(dir.resolve("cdk.out"));
        Path asset = Files.createDirectories(template.resolve("asset.abc"));

        assertThat(FunctionProvisioner.outsideTemplateFolder(asset, template)).isEmpty();
        assertThat(FunctionProvisioner.outsideTemplateFolder(template.resolve("sub/../asset.abc"), template)).isEmpty();
    }

    @Test
    void dotDotAndSymbolicLinksOutOfTheFolderAreNamedByTheirRealPath() throws Exception {
        Path template = Files.createDirectories(dir.resolve("stack"));
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere/handler"));
        Path link = Files.createSymbolicLink(template.resolve("handler"), elsewhere);

        assertThat(FunctionProvisioner.outsideTemplateFolder(template.resolve("../elsewhere/handler"), template))
                .hasValue(elsewhere.toRealPath());
        assertThat(FunctionProvisioner.outsideTemplateFolder(link, template)).hasValue(elsewhere.toRealPath());
    }

    @Test
    void aTemplateFolderReachedThroughALinkStillContainsItsCode() throws Exception {
        Path real = Files.createDirectories(dir.resolve("real"));
        Files.createDirectories(real.resolve("build"));
        Path linked = Files.createSymbolicLink(dir.resolve("linked"), real);

        assertThat(FunctionProvisioner.outsideTemplateFolder(linked.resolve("build"), linked)).isEmpty();
    }

    @Test
    void deployingCodeFromOutsideWarnsOnceAndDeploys() throws Exception {
        Path stack = Files.createDirectories(dir.resolve("stack"));
        Path outside = Files.createDirectories(dir.resolve("elsewhere/handler"));
        Files.createDirectories(stack.resolve("inside"));
        Path template = Files.writeString(stack.resolve("fn.yaml"), "Resources:\n"
                + hotReloadFunction("Outside", "outside", "../elsewhere/handler")
                + hotReloadFunction("Inside", "inside", "inside"));
        List<String> log = new CopyOnWriteArrayList<>();

        try (CloudUnderTest local = CloudUnderTest.start(dir.resolve("cloud"), b -> b.autoscaling(false))) {
            DeployResult result = local.deployer(log::add).deploy(template, "fn", Map.of());

            assertThat(result.resource("Outside").status()).isEqualTo(ResourceStatus.CREATED);
            assertThat(result.resource("Inside").status()).isEqualTo(ResourceStatus.CREATED);
        }
        assertThat(log.stream().filter(line -> line.contains("outside the template's folder")))
                .singleElement().asString()
                .startsWith("warning: function outside (resource Outside) runs code from " + outside.toRealPath())
                .contains(stack.toString());
    }

    /** A function whose code is the folder {@code folder} (relative to the template's), as hot reload deploys it. */
    private static String hotReloadFunction(String id, String name, String folder) {
        return """
                  %s:
                    Type: AWS::Lambda::Function
                    Properties:
                      FunctionName: %s
                      Runtime: java21
                      Handler: example.Handler::handleRequest
                      Code: {S3Bucket: hot-reload, S3Key: %s}
                """.formatted(id, name, folder);
    }
}
