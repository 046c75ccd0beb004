package dev.sluice.local.lambda;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dynamic class-data-sharing archive of one code version, {@code <codeDir>/app.jsa}, made automatically: the first
 * environment of the version runs with {@code -XX:ArchiveClassesAtExit} (the JVM dumps the classes it loaded, the
 * function's own included, when it exits, also on SIGTERM) and later environments map it with
 * {@code -XX:SharedArchiveFile}, which skips most class loading and verification at start.
 *
 * <p>One environment per version trains at a time. It dumps to a temporary name that is renamed only after a graceful
 * exit, so a reader never sees a half-written archive. Anything unsupported (an older JVM, no base archive, a
 * hot-reload folder whose classes change under the same version) means no flags, and the JVM's default
 * {@code -Xshare:auto} ignores an archive it cannot use.
 */
final class ClassDataArchive {

    static final String FILE_NAME = "app.jsa";
    /** System property that turns automatic archives off when "false". */
    public static final String SWITCH = "sluice.lambda.classDataSharing";

    private static final Logger LOG = LoggerFactory.getLogger(ClassDataArchive.class);
    private static final Set<Path> TRAINING = ConcurrentHashMap.newKeySet();
    private static final AtomicLong TRAINING_RUNS = new AtomicLong();

    private final Path archive;

    private ClassDataArchive(Path archive) {
        this.archive = archive;
    }

    /**
     * The archive of the code unpacked at {@code taskRoot}, or null when the code is not a versioned folder under
     * {@code workDir} (a hot-reload folder changes under the same version).
     */
    static ClassDataArchive of(Path taskRoot, Path workDir) {
        Path functions = workDir.toAbsolutePath().normalize().resolve("functions");
        Path task = taskRoot.toAbsolutePath().normalize();
        if (!task.startsWith(functions) || !task.getFileName().toString().equals("task")) {
            LOG.debug("No class-data sharing for {}: a hot-reload folder is not a fixed code version", taskRoot);
            return null;
        }
        return new ClassDataArchive(task.getParent().resolve(FILE_NAME));
    }

    /**
     * Whether {@code java} can make dynamic archives: JDK 13+ with the JDK's base archive in place, and not turned off
     * with {@code -D}{@value #SWITCH}{@code =false} (benchmarks compare both).
     */
    static boolean supported(Path java) {
        if (!Boolean.parseBoolean(System.getProperty(SWITCH, "true"))) {
            LOG.debug("No class-data sharing: turned off by -D{}=false", SWITCH);
            return false;
        }
        if (Runtime.version().feature() < 13) {
            LOG.debug("No class-data sharing: Java {} has no dynamic archives", Runtime.version().feature());
            return false;
        }
        Path home = java.toAbsolutePath().getParent().getParent();
        if (!Files.isRegularFile(home.resolve("lib/server/classes.jsa"))) {
            LOG.debug("No class-data sharing: {} has no base archive (lib/server/classes.jsa)", home);
            return false;
        }
        return true;
    }

    Path path() {
        return archive;
    }

    /**
     * The JVM options for a new environment: use the archive when it is complete, else train it when no other
     * environment of this version is training, else none.
     */
    Use use() {
        if (Files.isRegularFile(archive)) {
            return new Use(List.of("-XX:SharedArchiveFile=" + archive), null);
        }
        if (!TRAINING.add(archive)) {
            return new Use(List.of(), null);
        }
        Path output = archive.resolveSibling(FILE_NAME + "." + ProcessHandle.current().pid() + "-"
                + TRAINING_RUNS.incrementAndGet() + ".tmp");
        LOG.debug("Training a class-data archive for {} ({})", archive.getParent(), output.getFileName());
        return new Use(List.of("-XX:ArchiveClassesAtExit=" + output), output);
    }

    /**
     * What one environment does with the archive.
     *
     * @param output the archive being trained, or null when the environment only reads (or ignores) it
     */
    record Use(List<String> jvmOptions, Path output) {

        boolean training() {
            return output != null;
        }
    }

    /**
     * Ends a training run once its process has exited: a graceful exit published the dumped archive, anything else
     * (killed, never started) discards it. Either way another environment may train again later.
     */
    void finish(Use use, boolean exitedGracefully) {
        if (!use.training()) {
            return;
        }
        try {
            if (exitedGracefully && Files.isRegularFile(use.output()) && Files.size(use.output()) > 0) {
                Files.move(use.output(), archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                LOG.debug("Class-data archive ready: {}", archive);
            } else {
                Files.deleteIfExists(use.output());
                LOG.debug("Class-data archive not made for {} (the environment did not exit gracefully)",
                        archive.getParent());
            }
        } catch (IOException e) {
            LOG.debug("Class-data archive not published: {}", e.toString());
        } finally {
            TRAINING.remove(archive);
        }
    }
}
