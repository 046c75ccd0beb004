package dev.sluice.local.lambda.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which AWS SDK a function's code holds, and whether it gets the endpoint redirect. */
class AwsSdkVersionsTest {

    @TempDir
    Path dir;

    @Test
    void anSdkJarInLibIsFoundByItsName() throws IOException {
        jar(dir.resolve("old/lib/sdk-core-2.17.295.jar"), "x.txt", "");
        jar(dir.resolve("new/lib/sdk-core-2.57.8.jar"), "x.txt", "");

        assertThat(AwsSdkVersions.in(dir.resolve("old")))
                .containsExactly(new AwsSdkVersions.Sdk(2, "2.17.295", "lib/sdk-core-2.17.295.jar"));
        assertThat(AwsSdkVersions.in(dir.resolve("old")).get(0).ignoresEndpointUrl()).isTrue();
        assertThat(AwsSdkVersions.in(dir.resolve("new")).get(0).ignoresEndpointUrl()).isFalse();
    }

    @Test
    void aShadedJarOrAnUnpackedFatJarIsFoundByItsMavenMetadata() throws IOException {
        jar(dir.resolve("shaded/lib/app-all.jar"), "META-INF/maven/software.amazon.awssdk/sdk-core/pom.properties",
                "version=2.28.1\n");
        Path pom = dir.resolve("fat/META-INF/maven/com.amazonaws/aws-java-sdk-core/pom.properties");
        Files.createDirectories(pom.getParent());
        Files.writeString(pom, "groupId=com.amazonaws\nversion=1.12.788\n");

        assertThat(AwsSdkVersions.in(dir.resolve("shaded")))
                .containsExactly(new AwsSdkVersions.Sdk(2, "2.28.1", "lib/app-all.jar"));
        assertThat(AwsSdkVersions.in(dir.resolve("shaded")).get(0).ignoresEndpointUrl()).as("2.28.1 reads it").isFalse();
        List<AwsSdkVersions.Sdk> v1 = AwsSdkVersions.in(dir.resolve("fat"));
        assertThat(v1).containsExactly(new AwsSdkVersions.Sdk(1, "1.12.788",
                "META-INF/maven/com.amazonaws/aws-java-sdk-core/pom.properties"));
        assertThat(v1.get(0).ignoresEndpointUrl()).isTrue();
        assertThat(v1.get(0).describe()).isEqualTo("AWS SDK for Java 1.12.788"
                + " (META-INF/maven/com.amazonaws/aws-java-sdk-core/pom.properties)");
    }

    @Test
    void sdkClassesWithoutAVersionCountAsOld() throws IOException {
        Files.createDirectories(dir.resolve("bare/software/amazon/awssdk/core"));
        Files.write(dir.resolve("bare/software/amazon/awssdk/core/SdkClient.class"), new byte[0]);
        Files.createDirectories(dir.resolve("none/lib"));

        assertThat(AwsSdkVersions.in(dir.resolve("bare")).get(0).ignoresEndpointUrl()).isTrue();
        assertThat(AwsSdkVersions.in(dir.resolve("bare")).get(0).describe()).startsWith("AWS SDK for Java v2 (version"
                + " unknown)");
        assertThat(AwsSdkVersions.in(dir.resolve("none"))).isEmpty();
    }

    @Test
    void unpackedCodeWithAnOldSdkGetsTheRedirectJarAndAFolderUsedInPlaceIsNotWrittenTo() throws IOException {
        jar(dir.resolve("zip/lib/aws-java-sdk-core-1.11.100.jar"), "x.txt", "");
        jar(dir.resolve("folder/lib/sdk-core-2.20.0.jar"), "x.txt", "");
        jar(dir.resolve("modern/lib/sdk-core-2.57.8.jar"), "x.txt", "");

        SdkEndpointRedirect.prepare(dir.resolve("zip"), "fn");
        SdkEndpointRedirect.prepare(dir.resolve("modern"), "fn");
        SdkEndpointRedirect.checkInPlace(dir.resolve("folder"), "fn");

        try (ZipFile jar = new ZipFile(dir.resolve("zip").resolve(SdkEndpointRedirect.JAR).toFile())) {
            assertThat(text(jar, "software/amazon/awssdk/global/handlers/execution.interceptors"))
                    .isEqualTo("dev.sluice.sdkendpoint.V2EndpointInterceptor\n");
            assertThat(text(jar, "com/amazonaws/global/handlers/request.handler2s"))
                    .isEqualTo("dev.sluice.sdkendpoint.V1EndpointHandler\n");
            assertThat(jar.getEntry("dev/sluice/sdkendpoint/LocalEndpoint.class")).isNotNull();
        }
        assertThat(dir.resolve("modern").resolve(SdkEndpointRedirect.JAR)).doesNotExist();
        assertThat(dir.resolve("folder").resolve(SdkEndpointRedirect.JAR)).doesNotExist();
    }

    @Test
    void versionsCompareByTheirFirstThreeNumbers() {
        int[] limit = AwsSdkVersions.V2_READS_ENDPOINT_URL;
        assertThat(AwsSdkVersions.compare("2.28.1", limit)).isZero();
        assertThat(AwsSdkVersions.compare("2.28.0", limit)).isNegative();
        assertThat(AwsSdkVersions.compare("2.100.0", limit)).isPositive();
        assertThat(AwsSdkVersions.compare("2.28.1-SNAPSHOT", limit)).isZero();
        assertThat(AwsSdkVersions.compare("unknown", limit)).isNegative();
    }

    private static String text(ZipFile jar, String name) throws IOException {
        return new String(jar.getInputStream(jar.getEntry(name)).readAllBytes(), StandardCharsets.UTF_8);
    }

    private static void jar(Path jar, String entry, String content) throws IOException {
        Files.createDirectories(jar.getParent());
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new ZipEntry(entry));
            out.write(content.getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
    }
}
