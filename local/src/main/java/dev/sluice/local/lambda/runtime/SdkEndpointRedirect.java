package dev.sluice.local.lambda.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the AWS calls of functions whose SDK ignores {@code AWS_ENDPOINT_URL} (SDK v1, SDK v2 before 2.28.1) to the
 * local cloud rather than to real AWS: their unpacked code gets {@code lib/sluice-aws-sdk-endpoint.jar}, which
 * registers a global SDK v2 execution interceptor
 * ({@code software/amazon/awssdk/global/handlers/execution.interceptors}) and a global SDK v1 request handler ({@code com/amazonaws/global/handlers/request.handler2s}) that rewrite every
 * request's endpoint to {@code AWS_ENDPOINT_URL}. Both SDKs read those files from the class loader that loaded them,
 * which is the runtime's loader of the task folder and {@code lib/*.jar}, so the jar must sit there; the JVM's own
 * class path would not do (its classes could not see the function's SDK). Code used in place (a hot-reload folder)
 * is not written to: there, one warning names the function and its SDK.
 */
final class SdkEndpointRedirect {

    static final String JAR = "lib/sluice-aws-sdk-endpoint.jar";

    private static final Logger LOG = LoggerFactory.getLogger(SdkEndpointRedirect.class);
    private static final String PACKAGE = "dev/sluice/sdkendpoint/";
    private static final List<String> CLASSES = List.of("LocalEndpoint", "V2EndpointInterceptor",
            "V1EndpointHandler");

    private SdkEndpointRedirect() {
    }

    /** Adds the jar to freshly unpacked code when its SDK needs it; says so in one line. */
    static void prepare(Path taskRoot, String functionName) throws IOException {
        List<AwsSdkVersions.Sdk> sdks = ignoring(taskRoot);
        if (sdks.isEmpty()) {
            return;
        }
        write(taskRoot.resolve(JAR));
        LOG.info("Function {}: {} ignores AWS_ENDPOINT_URL: its AWS calls go to the local cloud through {}",
                functionName, describe(sdks), JAR);
    }

    /** For code used in place: warns when its SDK would call real AWS, since the jar cannot be added there. */
    static void checkInPlace(Path folder, String functionName) throws IOException {
        List<AwsSdkVersions.Sdk> sdks = ignoring(folder);
        if (!sdks.isEmpty() && !Files.isRegularFile(folder.resolve(JAR))) {
            LOG.warn("Function {}: {} ignores AWS_ENDPOINT_URL, and its code is the folder {} used in place, where the"
                    + " local cloud adds nothing: its AWS calls may reach real AWS. Deploy it as a zip, or use AWS SDK"
                    + " for Java 2.28.1 or later", functionName, describe(sdks), folder);
        }
    }

    private static List<AwsSdkVersions.Sdk> ignoring(Path root) throws IOException {
        return AwsSdkVersions.in(root).stream().filter(AwsSdkVersions.Sdk::ignoresEndpointUrl).toList();
    }

    private static String describe(List<AwsSdkVersions.Sdk> sdks) {
        return sdks.stream().map(AwsSdkVersions.Sdk::describe).collect(Collectors.joining(" and "));
    }

    /** The jar: the three classes (Java 8 bytecode, from this library) and the two registration files. */
    static void write(Path jar) throws IOException {
        Files.createDirectories(jar.getParent());
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (String name : CLASSES) {
                String entry = PACKAGE + name + ".class";
                try (InputStream in = SdkEndpointRedirect.class.getResourceAsStream("/" + entry)) {
                    if (in == null) {
                        throw new IllegalStateException(entry + " is missing from the local cloud's classpath");
                    }
                    put(out, entry, in.readAllBytes());
                }
            }
            put(out, "software/amazon/awssdk/global/handlers/execution.interceptors",
                    "dev.sluice.sdkendpoint.V2EndpointInterceptor\n".getBytes(StandardCharsets.UTF_8));
            put(out, "com/amazonaws/global/handlers/request.handler2s",
                    "dev.sluice.sdkendpoint.V1EndpointHandler\n".getBytes(StandardCharsets.UTF_8));
        }
    }

    private static void put(JarOutputStream out, String name, byte[] bytes) throws IOException {
        out.putNextEntry(new JarEntry(name));
        out.write(bytes);
        out.closeEntry();
    }
}
