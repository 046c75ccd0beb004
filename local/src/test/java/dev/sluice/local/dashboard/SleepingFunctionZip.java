package dev.sluice.local.dashboard;

import com.amazonaws.services.lambda.runtime.Context;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.tools.ToolProvider;

/**
 * A plain-Java SQS handler (no Quarkus) that stands for I/O-bound work: it sleeps {@code WORK_MILLIS} (default 100)
 * per record, one record after the other, and reports no failures. Compiled here into a function.zip.
 */
public final class SleepingFunctionZip {

    public static final String HANDLER = "sleeper.Sleep::handleRequest";

    private static final String SOURCE = """
            package sleeper;
            import com.amazonaws.services.lambda.runtime.Context;
            import com.amazonaws.services.lambda.runtime.RequestHandler;
            import java.util.*;
            public class Sleep implements RequestHandler<Map<String, Object>, Map<String, Object>> {
                private static final long WORK_MILLIS =
                        Long.parseLong(Objects.requireNonNullElse(System.getenv("WORK_MILLIS"), "100"));
                @SuppressWarnings("unchecked")
                public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
                    List<Object> records = (List<Object>) event.getOrDefault("Records", List.of());
                    for (Object record : records) {
                        try { Thread.sleep(WORK_MILLIS); } catch (InterruptedException e) { throw new RuntimeException(e); }
                    }
                    return Map.of("batchItemFailures", List.of());
                }
            }
            """;

    private static byte[] zip;

    private SleepingFunctionZip() {
    }

    /** The zip's bytes (compiled once per JVM). */
    public static synchronized byte[] bytes() throws IOException {
        if (zip == null) {
            zip = build();
        }
        return zip;
    }

    private static byte[] build() throws IOException {
        Path sources = Files.createDirectories(Files.createTempDirectory("sleeper-src").resolve("sleeper"));
        Path classes = Files.createTempDirectory("sleeper-classes");
        Files.writeString(sources.resolve("Sleep.java"), SOURCE);
        String core;
        try {
            core = Path.of(Context.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (java.net.URISyntaxException e) {
            throw new IOException(e);
        }
        List<String> args = List.of("--release", "17", "-classpath", core, "-d", classes.toString(),
                sources.resolve("Sleep.java").toString());
        if (ToolProvider.getSystemJavaCompiler().run(null, null, null, args.toArray(String[]::new)) != 0) {
            throw new IOException("the sleeping handler did not compile");
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
