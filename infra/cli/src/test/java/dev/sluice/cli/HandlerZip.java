package dev.sluice.cli;

import com.amazonaws.services.lambda.runtime.Context;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.tools.ToolProvider;

/**
 * A function.zip holding one plain-Java Lambda handler (no Quarkus), compiled here with javac (release 17) against
 * aws-lambda-java-core from the test class path, classes at the zip's root. (The local module's tests have the same
 * helper for several handlers.)
 */
final class HandlerZip {

    private HandlerZip() {
    }

    /** The zip of {@code className} (fully qualified) compiled from {@code source}. */
    static byte[] of(String className, String source) throws IOException {
        Path work = Files.createTempDirectory("handler-zip");
        try {
            Path file = work.resolve("src").resolve(className.replace('.', '/') + ".java");
            Files.createDirectories(file.getParent());
            Files.writeString(file, source);
            Path classes = Files.createDirectories(work.resolve("classes"));
            int status = ToolProvider.getSystemJavaCompiler().run(null, null, null, "--release", "17", "-classpath",
                    lambdaCoreJar(), "-d", classes.toString(), file.toString());
            if (status != 0) {
                throw new IOException(className + " did not compile (javac status " + status + ", see stderr)");
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ZipOutputStream zip = new ZipOutputStream(bytes); Stream<Path> files = Files.walk(classes)) {
                for (Path classFile : files.filter(Files::isRegularFile).sorted().toList()) {
                    zip.putNextEntry(new ZipEntry(classes.relativize(classFile).toString().replace('\\', '/')));
                    zip.write(Files.readAllBytes(classFile));
                    zip.closeEntry();
                }
            }
            return bytes.toByteArray();
        } finally {
            try (Stream<Path> files = Files.walk(work)) {
                for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
    }

    private static String lambdaCoreJar() throws IOException {
        try {
            return Path.of(Context.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
    }
}
