package dev.sluice.testing;

import com.amazonaws.services.lambda.runtime.Context;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * A function.zip of plain-Java Lambda handlers (no Quarkus) for tests: the sources are compiled here with javac
 * (release 17) against aws-lambda-java-core from the test class path, and the classes are zipped at the root.
 * Compiled once per instance, so keep instances in constants to compile once per JVM.
 */
public final class HandlerZip {

    private final Map<String, String> sources;
    private byte[] zip;

    private HandlerZip(Map<String, String> sources) {
        this.sources = sources;
    }

    /** A zip holding {@code className} (fully qualified, e.g. {@code fixture.Echo}) compiled from {@code source}. */
    public static HandlerZip of(String className, String source) {
        return new HandlerZip(Map.of()).with(className, source);
    }

    /** A new zip that also holds {@code className} compiled from {@code source}. */
    public HandlerZip with(String className, String source) {
        if (className == null || !className.matches("[\\w$]+(\\.[\\w$]+)*")) {
            throw new IllegalArgumentException("className must be a fully qualified Java class name, got: "
                    + className);
        }
        if (sources.containsKey(className)) {
            throw new IllegalArgumentException("className " + className + " is already in this zip");
        }
        Map<String, String> more = new LinkedHashMap<>(sources);
        more.put(className, source);
        return new HandlerZip(more);
    }

    /** The zip's bytes (compiled on first call). */
    public synchronized byte[] bytes() throws IOException {
        if (zip == null) {
            zip = build();
        }
        return zip.clone();
    }

    /** Writes the zip to the file {@code zip} (replacing it) and returns that path. */
    public Path writeTo(Path zip) throws IOException {
        return Files.write(zip, bytes());
    }

    private byte[] build() throws IOException {
        Path work = Files.createTempDirectory("handler-zip");
        try {
            Path classes = Files.createDirectories(work.resolve("classes"));
            compile(work.resolve("src"), classes);
            return zipTree(classes);
        } finally {
            delete(work);
        }
    }

    private void compile(Path src, Path classes) throws IOException {
        List<String> args = new ArrayList<>(List.of("--release", "17", "-classpath", lambdaCoreJar(),
                "-d", classes.toString()));
        for (Map.Entry<String, String> source : sources.entrySet()) {
            Path file = src.resolve(source.getKey().replace('.', '/') + ".java");
            Files.createDirectories(file.getParent());
            Files.writeString(file, source.getValue());
            args.add(file.toString());
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int status = javac.run(null, null, null, args.toArray(String[]::new));
        if (status != 0) {
            throw new IOException("handlers " + sources.keySet() + " did not compile (javac status " + status
                    + "; see its diagnostics on stderr)");
        }
    }

    private static String lambdaCoreJar() throws IOException {
        try {
            return Path.of(Context.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
    }

    private static byte[] zipTree(Path classes) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes); Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(new ZipEntry(classes.relativize(file).toString().replace('\\', '/')));
                out.write(Files.readAllBytes(file));
                out.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }
}
