package dev.sluice.local.bench;

import com.amazonaws.services.lambda.runtime.Context;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.tools.ToolProvider;

/** A plain-Java SQS handler that does nothing (no Quarkus), compiled here into a function.zip: the platform's floor. */
final class NoopFunctionZip {

    static final String HANDLER = "bench.Noop::handleRequest";

    private static final String SOURCE = """
            package bench;
            import com.amazonaws.services.lambda.runtime.Context;
            import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
            import java.io.*;
            /** Reads the SQS event and reports no batch item failures. */
            public class Noop implements RequestStreamHandler {
                public void handleRequest(InputStream in, OutputStream out, Context context) throws IOException {
                    in.readAllBytes();
                    out.write("{\\"batchItemFailures\\":[]}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
                }
            }
            """;

    private NoopFunctionZip() {
    }

    /** Compiles the handler and writes the zip to {@code dir/noop.zip}. */
    static Path build(Path dir) throws IOException {
        Path sources = Files.createDirectories(dir.resolve("noop-src/bench"));
        Path classes = Files.createDirectories(dir.resolve("noop-classes"));
        Files.writeString(sources.resolve("Noop.java"), SOURCE);
        String core;
        try {
            core = Path.of(Context.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (java.net.URISyntaxException e) {
            throw new IOException(e);
        }
        List<String> args = List.of("--release", "17", "-classpath", core, "-d", classes.toString(),
                sources.resolve("Noop.java").toString());
        if (ToolProvider.getSystemJavaCompiler().run(null, null, null, args.toArray(String[]::new)) != 0) {
            throw new IOException("the no-op handler did not compile");
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes); var files = Files.walk(classes)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new ZipEntry(classes.relativize(file).toString().replace('\\', '/')));
                out.write(Files.readAllBytes(file));
                out.closeEntry();
            }
        }
        Path zip = dir.resolve("noop.zip");
        Files.write(zip, bytes.toByteArray());
        return zip;
    }
}
