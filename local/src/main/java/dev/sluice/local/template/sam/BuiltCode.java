package dev.sluice.local.template.sam;

import dev.sluice.local.template.TemplateException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Where the code a SAM function's local {@code CodeUri} names is on this machine: a zip, a jar (a fat jar is a valid
 * Java deployment package: classes at the root), a folder holding classes or a {@code lib/} folder (what
 * {@code sam build} writes), or a Maven or Gradle project, whose build output is used: {@code target/*.zip} or the
 * (shaded) jar in {@code target/}; {@code build/distributions/*.zip} or the jar in {@code build/libs/}.
 */
final class BuiltCode {

    private static final Set<String> NOT_CODE = Set.of("node_modules", ".git", ".aws-sam", ".idea", ".gradle");
    private static final int MAX_DEPTH = 12;

    private enum Build {
        MAVEN("Maven", "mvn package", List.of("pom.xml"), "target", "target"),
        GRADLE("Gradle", "gradle build", List.of("build.gradle", "build.gradle.kts"), "build/distributions",
                "build/libs");

        final String label;
        final String command;
        final List<String> files;
        final String zips;
        final String jars;

        Build(String label, String command, List<String> files, String zips, String jars) {
            this.label = label;
            this.command = command;
            this.files = files;
            this.zips = zips;
            this.jars = jars;
        }

        static Optional<Build> of(Path dir) {
            return Stream.of(values()).filter(b -> b.files.stream().anyMatch(f -> Files.isRegularFile(dir.resolve(f))))
                    .findFirst();
        }
    }

    private BuiltCode() {
    }

    /**
     * @param codeUri the function's CodeUri as written, relative to the template's folder
     * @param log     receives one line when a project's build output stands in for the project folder
     */
    static Path locate(String function, String codeUri, Path templateDir, Consumer<String> log) {
        Path path = templateDir.resolve(codeUri).toAbsolutePath().normalize();
        String named = "function " + function + ": CodeUri " + codeUri;
        if (!Files.exists(path)) {
            throw new TemplateException(named + " (" + path + ") does not exist: build the function first (sam build,"
                    + " or the project's own build)");
        }
        if (Files.isRegularFile(path)) {
            String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
            if (name.endsWith(".zip") || name.endsWith(".jar")) {
                return path;
            }
            throw new TemplateException(named + " (" + path + ") is neither a zip, a jar nor a folder");
        }
        Optional<Build> build = Build.of(path);
        if (build.isPresent()) {
            Build b = build.get();
            Optional<Path> output = output(path, b);
            if (output.isEmpty()) {
                throw new TemplateException(named + " is a " + b.label + " project with no build output: build it ("
                        + b.command + ", or sam build); looked for " + path.resolve(b.zips) + "/*.zip and "
                        + path.resolve(b.jars) + "/*.jar");
            }
            log.accept("info: function " + function + ": CodeUri " + codeUri + " is a " + b.label
                    + " project; running its build output " + output.get());
            return output.get();
        }
        if (Files.isDirectory(path.resolve("lib")) || holdsClasses(path)) {
            return path;
        }
        throw new TemplateException(named + " (" + path + ") holds no classes, no lib/ folder and no Maven or Gradle"
                + " build: point it at the built zip, jar or classes folder (sam build writes .aws-sam/build/"
                + function + "/)");
    }

    /** The project's deployment package: a zip if it builds one, else its largest jar (the shaded one). */
    private static Optional<Path> output(Path project, Build build) {
        Optional<Path> zip = files(project.resolve(build.zips), ".zip").max(Comparator.comparing(BuiltCode::modified));
        if (zip.isPresent()) {
            return zip;
        }
        return files(project.resolve(build.jars), ".jar").filter(BuiltCode::deployable)
                .max(Comparator.comparing(BuiltCode::size));
    }

    private static boolean deployable(Path jar) {
        String name = jar.getFileName().toString();
        return !name.startsWith("original-") && !name.endsWith("-sources.jar") && !name.endsWith("-javadoc.jar")
                && !name.endsWith("-tests.jar") && !name.endsWith("-plain.jar");
    }

    private static Stream<Path> files(Path dir, String ending) {
        if (!Files.isDirectory(dir)) {
            return Stream.empty();
        }
        try (Stream<Path> listing = Files.list(dir)) {
            return listing.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().endsWith(ending)).toList()
                    .stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }

    private static java.nio.file.attribute.FileTime modified(Path file) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            return java.nio.file.attribute.FileTime.fromMillis(0);
        }
    }

    private static boolean holdsClasses(Path dir) {
        boolean[] found = {false};
        try {
            Files.walkFileTree(dir, Set.of(), MAX_DEPTH, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
                    return !d.equals(dir) && NOT_CODE.contains(d.getFileName().toString())
                            ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (file.getFileName().toString().endsWith(".class")) {
                        found[0] = true;
                        return FileVisitResult.TERMINATE;
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found[0];
    }
}
