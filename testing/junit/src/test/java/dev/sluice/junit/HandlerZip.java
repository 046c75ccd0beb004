package dev.sluice.junit;

import com.amazonaws.services.lambda.runtime.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.tools.ToolProvider;

/** Compiles plain-Java Lambda handlers (release 17, against aws-lambda-java-core) and zips the classes at the root. */
final class HandlerZip {

    private HandlerZip() {
    }

    /** @param sources fully qualified class name -> source */
    static Path write(Map<String, String> sources, Path zip) throws IOException {
        Path work = Files.createTempDirectory("handler-zip");
        Path classes = Files.createDirectories(work.resolve("classes"));
        List<String> args = new ArrayList<>(List.of("--release", "17", "-classpath", lambdaCoreJar(), "-d",
                classes.toString()));
        for (Map.Entry<String, String> source : sources.entrySet()) {
            Path file = work.resolve("src").resolve(source.getKey().replace('.', '/') + ".java");
            Files.createDirectories(file.getParent());
            Files.writeString(file, source.getValue());
            args.add(file.toString());
        }
        if (ToolProvider.getSystemJavaCompiler().run(null, null, null, args.toArray(String[]::new)) != 0) {
            throw new IOException("handlers " + sources.keySet() + " did not compile (see javac's output above)");
        }
        Files.createDirectories(zip.getParent());
        try (OutputStream file = Files.newOutputStream(zip); ZipOutputStream out = new ZipOutputStream(file);
             Stream<Path> walk = Files.walk(classes)) {
            for (Path path : walk.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(new ZipEntry(classes.relativize(path).toString().replace('\\', '/')));
                Files.copy(path, out);
                out.closeEntry();
            }
        }
        return zip;
    }

    private static String lambdaCoreJar() throws IOException {
        try {
            return Path.of(Context.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
    }
}
