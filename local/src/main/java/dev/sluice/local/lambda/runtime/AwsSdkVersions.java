package dev.sluice.local.lambda.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The AWS SDKs for Java a function's code holds: SDK v2 ({@code software.amazon.awssdk:sdk-core}) and v1
 * ({@code com.amazonaws:aws-java-sdk-core}), found by jar name in {@code lib/}, else by the Maven metadata that jars
 * and shaded jars keep ({@code META-INF/maven/<group>/<artifact>/pom.properties}), in {@code lib/*.jar} or at the root
 * of the code (an unpacked fat jar), else by their classes (version unknown).
 */
final class AwsSdkVersions {

    /** The first SDK v2 that sends its calls to {@code AWS_ENDPOINT_URL} (AWS SDKs and Tools Reference Guide). */
    static final int[] V2_READS_ENDPOINT_URL = {2, 28, 1};

    /**
     * One SDK found.
     *
     * @param major   1 or 2
     * @param version its version, or "unknown"
     * @param where   where it was found, relative to the code's root
     */
    record Sdk(int major, String version, String where) {

        /** True when this SDK ignores {@code AWS_ENDPOINT_URL}: every v1, and v2 before 2.28.1 (or unknown). */
        boolean ignoresEndpointUrl() {
            return major == 1 || compare(version, V2_READS_ENDPOINT_URL) < 0;
        }

        /** "AWS SDK for Java 2.17.295 (lib/sdk-core-2.17.295.jar)". */
        String describe() {
            return "AWS SDK for Java " + (version.equals("unknown") ? "v" + major + " (version unknown)" : version)
                    + " (" + where + ")";
        }
    }

    private record Artifact(int major, String group, String artifact, String marker) {
    }

    private static final List<Artifact> ARTIFACTS = List.of(
            new Artifact(2, "software.amazon.awssdk", "sdk-core", "software/amazon/awssdk/core/SdkClient.class"),
            new Artifact(1, "com.amazonaws", "aws-java-sdk-core", "com/amazonaws/AmazonWebServiceClient.class"));
    private static final Pattern VERSION = Pattern.compile("(\\d+)\\.(\\d+)\\.(\\d+).*");

    private AwsSdkVersions() {
    }

    /** The SDKs in the code rooted at {@code taskRoot}, at most one per major version. */
    static List<Sdk> in(Path taskRoot) throws IOException {
        List<Sdk> found = new ArrayList<>();
        for (Artifact artifact : ARTIFACTS) {
            Sdk sdk = find(taskRoot, artifact);
            if (sdk != null) {
                found.add(sdk);
            }
        }
        return found;
    }

    private static Sdk find(Path root, Artifact artifact) throws IOException {
        List<Path> jars = jars(root.resolve("lib"));
        Pattern byName = Pattern.compile(Pattern.quote(artifact.artifact()) + "-(\\d[\\w.-]*)\\.jar");
        for (Path jar : jars) {
            Matcher m = byName.matcher(jar.getFileName().toString());
            if (m.matches()) {
                return new Sdk(artifact.major(), m.group(1), "lib/" + jar.getFileName());
            }
        }
        String pom = "META-INF/maven/" + artifact.group() + "/" + artifact.artifact() + "/pom.properties";
        Path rootPom = root.resolve(pom);
        if (Files.isRegularFile(rootPom)) {
            try (InputStream in = Files.newInputStream(rootPom)) {
                return new Sdk(artifact.major(), version(in), pom);
            }
        }
        if (Files.isRegularFile(root.resolve(artifact.marker()))) {
            return new Sdk(artifact.major(), "unknown", artifact.marker());
        }
        for (Path jar : jars) {
            try (ZipFile zip = new ZipFile(jar.toFile())) {
                ZipEntry entry = zip.getEntry(pom);
                if (entry != null) {
                    try (InputStream in = zip.getInputStream(entry)) {
                        return new Sdk(artifact.major(), version(in), "lib/" + jar.getFileName());
                    }
                }
                if (zip.getEntry(artifact.marker()) != null) {
                    return new Sdk(artifact.major(), "unknown", "lib/" + jar.getFileName());
                }
            } catch (IOException notAZip) {
                // a broken jar: the function's own problem, reported when it runs
            }
        }
        return null;
    }

    private static List<Path> jars(Path lib) throws IOException {
        List<Path> jars = new ArrayList<>();
        if (!Files.isDirectory(lib)) {
            return jars;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(lib, "*.jar")) {
            files.forEach(jars::add);
        }
        jars.sort(null);
        return jars;
    }

    private static String version(InputStream pomProperties) throws IOException {
        Properties properties = new Properties();
        properties.load(pomProperties);
        return properties.getProperty("version", "unknown");
    }

    /** {@code version} against {@code other} by their first three numbers; an unreadable version sorts first. */
    static int compare(String version, int[] other) {
        Matcher m = VERSION.matcher(version);
        if (!m.matches()) {
            return -1;
        }
        for (int i = 0; i < 3; i++) {
            int part = Integer.parseInt(m.group(i + 1));
            if (part != other[i]) {
                return Integer.compare(part, other[i]);
            }
        }
        return 0;
    }
}
