package dev.sluice.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Set;

/**
 * Whether a project's build command must run again: it has not succeeded yet, it changed, or a file of the project
 * changed since. Build outputs and tool folders are not the project's sources and are skipped.
 */
final class BuildStamp {

    /** Folders that hold build output or tool state, never sources. */
    static final Set<String> NOT_SOURCES = Set.of("target", "build", "node_modules", "cdk.out", "bin", "out");

    private final Project project;
    private final String command;
    private final Path file;

    BuildStamp(Project project, String command) {
        this.project = project;
        this.command = command;
        this.file = project.workDir().resolve("build.stamp");
    }

    boolean stale() {
        try {
            if (!Files.isRegularFile(file) || !Files.readString(file, StandardCharsets.UTF_8).equals(command)) {
                return true;
            }
            return changedSince(Files.getLastModifiedTime(file));
        } catch (IOException e) {
            return true;
        }
    }

    void record() {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, command, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private boolean changedSince(FileTime stamp) throws IOException {
        Path output = project.cloudAssembly();
        boolean[] changed = {false};
        Files.walkFileTree(project.root(), new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
                boolean skip = !dir.equals(project.root()) && (name.startsWith(".") || NOT_SOURCES.contains(name)
                        || dir.equals(output));
                return skip ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path path, BasicFileAttributes attributes) {
                if (attributes.lastModifiedTime().compareTo(stamp) > 0) {
                    changed[0] = true;
                    return FileVisitResult.TERMINATE;
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path path, IOException e) {
                return FileVisitResult.CONTINUE;
            }
        });
        return changed[0];
    }
}
