package dev.sluice.local.scaling;

import com.amazonaws.services.lambda.runtime.Context;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.tools.ToolProvider;

/** A plain-Java SQS handler that works {@code WORK_MILLIS} (default 100) per record, compiled here with javac. */
final class SleepyFunctionZip {

    static final String HANDLER = "fixture.Sleepy::handleRequest";

    private static final String SOURCE = """
            package fixture;
            import com.amazonaws.services.lambda.runtime.Context;
            import com.amazonaws.services.lambda.runtime.RequestHandler;
            import java.util.*;
            public class Sleepy implements RequestHandler<Map<String, Object>, Map<String, Object>> {
                private static final long WORK = Long.parseLong(
                        Objects.requireNonNullElse(System.getenv("WORK_MILLIS"), "100"));
                @SuppressWarnings("unchecked")
                public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
                    List<Object> records = (List<Object>) event.get("Records");
                    try {
                        Thread.sleep(WORK * records.size()); // I/O-bound work: waits, uses no CPU
                    } catch (InterruptedException e) {
                        throw new RuntimeException(e);
                    }
                    return Map.of("batchItemFailures", List.of());
                }
            }
            """;

    private static byte[] zip;

    private SleepyFunctionZip() {
    }

    static synchronized byte[] bytes() throws IOException {
        if (zip == null) {
            zip = build();
        }
        return zip;
    }

    private static byte[] build() throws IOException {
        Path sources = Files.createTempDirectory("sleepy-src");
        Path classes = Files.createTempDirectory("sleepy-classes");
        Path source = Files.writeString(Files.createDirectories(sources.resolve("fixture")).resolve("Sleepy.java"),
                SOURCE);
        String core;
        try {
            core = Path.of(Context.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (java.net.URISyntaxException e) {
            throw new IOException(e);
        }
        List<String> args = List.of("--release", "17", "-classpath", core, "-d", classes.toString(), source.toString());
        int status = ToolProvider.getSystemJavaCompiler().run(null, null, null, args.toArray(String[]::new));
        if (status != 0) {
            throw new IOException("fixture handler did not compile (javac status " + status + ")");
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes); var files = Files.walk(classes)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new ZipEntry(classes.relativize(file).toString().replace('\\', '/')));
                out.write(Files.readAllBytes(file));
                out.closeEntry();
            }
        }
        return bytes.toByteArray();
    }
}
