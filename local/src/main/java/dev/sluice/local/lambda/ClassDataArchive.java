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
 * The class-data archive of one code version, made automatically: the first environment of the version trains it and
 * the JVM writes it when that environment exits (also on SIGTERM); later environments map it, which skips most class
 * loading and verification at start: the dynamic CDS archive ({@code <codeDir>/app.jsa}:
 * {@code -XX:ArchiveClassesAtExit}, then {@code -XX:SharedArchiveFile}), or on JDK 25+ when asked for, the AOT cache
 * ({@code <codeDir>/app.aot}, JEP 483/514: {@code -XX:AOTCacheOutput}, then {@code -XX:AOTCache}).
 *
 * <p>One environment per version trains at a time. It dumps to a temporary name that is renamed only after a graceful
 * exit, so a reader never sees a half-written archive. Anything unsupported (an older JVM, no base archive, a
 * hot-reload folder whose classes change under the same version) means no flags, and the JVM's default
 * {@code -Xshare:auto} ignores an archive it cannot use.
 */
final class ClassDataArchive {

    /** The JVM feature that makes the archive: the flag that trains it, the flag that uses it, and its file. */
    enum Kind {
        DYNAMIC_CDS("app.jsa", "-XX:ArchiveClassesAtExit=", "-XX:SharedArchiveFile="),
        AOT_CACHE("app.aot", "-XX:AOTCacheOutput=", "-XX:AOTCache=");

        final String fileName;
        final String trainFlag;
        final String useFlag;

        Kind(String fileName, String trainFlag, String useFlag) {
            this.fileName = fileName;
            this.trainFlag = trainFlag;
            this.useFlag = useFlag;
        }
    }

    /** System property that turns automatic archives off when "false". */
    public static final String SWITCH = "sluice.lambda.classDataSharing";
    /**
     * System property that makes JDK 25+ train the AOT cache instead of a dynamic archive when "true". Off by default:
     * a one-step training JVM stopped by SIGTERM sometimes exits (143) without writing the cache, so the next
     * environment trains again; dynamic archives are written every time.
     */
    public static final String AOT_SWITCH = "sluice.lambda.aotCache";

    private static final Logger LOG = LoggerFactory.getLogger(ClassDataArchive.class);
    private static final Set<Path> TRAINING = ConcurrentHashMap.newKeySet();
    private static final AtomicLong TRAINING_RUNS = new AtomicLong();

    private final Kind kind;
    private final Path archive;

    private ClassDataArchive(Kind kind, Path archive) {
        this.kind = kind;
        this.archive = archive;
    }

    /**
     * The archive of the code unpacked at {@code taskRoot}, or null when the code is not a versioned folder under
     * {@code workDir} (a hot-reload folder changes under the same version).
     */
    static ClassDataArchive of(Kind kind, Path taskRoot, Path workDir) {
        Path functions = workDir.toAbsolutePath().normalize().resolve("functions");
        Path task = taskRoot.toAbsolutePath().normalize();
        if (!task.startsWith(functions) || !task.getFileName().toString().equals("task")) {
            LOG.debug("No class-data sharing for {}: a hot-reload folder is not a fixed code version", taskRoot);
            return null;
        }
        return new ClassDataArchive(kind, task.getParent().resolve(kind.fileName));
    }

    /**
     * The kind of archive the JDK can make: dynamic CDS from 13 with the JDK's base archive in place (the AOT cache on
     * 25+ when {@code -D}{@value #AOT_SWITCH}{@code =true}); null when neither, or when turned off with {@code -D}{@value #SWITCH}{@code =false} (benchmarks compare
     * both).
     */
    static Kind kindFor(FunctionJdk jdk) {
        if (!Boolean.parseBoolean(System.getProperty(SWITCH, "true"))) {
            LOG.debug("No class-data sharing: turned off by -D{}=false", SWITCH);
            return null;
        }
        if (jdk.feature() < 13) {
            LOG.debug("No class-data sharing: Java {} has no dynamic archives", jdk.feature());
            return null;
        }
        if (!Files.isRegularFile(jdk.home().resolve("lib/server/classes.jsa"))) {
            LOG.debug("No class-data sharing: {} has no base archive (lib/server/classes.jsa)", jdk.home());
            return null;
        }
        if (jdk.feature() >= 25 && Boolean.getBoolean(AOT_SWITCH)) {
            return Kind.AOT_CACHE;
        }
        return Kind.DYNAMIC_CDS;
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
            return new Use(List.of(kind.useFlag + archive), null);
        }
        if (!TRAINING.add(archive)) {
            return new Use(List.of(), null);
        }
        Path output = archive.resolveSibling(kind.fileName + "." + ProcessHandle.current().pid() + "-"
                + TRAINING_RUNS.incrementAndGet() + ".tmp");
        LOG.debug("Training a class-data archive for {} ({})", archive.getParent(), output.getFileName());
        return new Use(List.of(kind.trainFlag + output), output);
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
     *
     * @return whether the archive was published
     */
    boolean finish(Use use, boolean exitedGracefully) {
        if (!use.training()) {
            return false;
        }
        try {
            if (exitedGracefully && Files.isRegularFile(use.output()) && Files.size(use.output()) > 0) {
                Files.move(use.output(), archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                LOG.debug("Class-data archive ready: {}", archive);
                return true;
            } else {
                Files.deleteIfExists(use.output());
                LOG.debug("Class-data archive not made for {} ({})", archive.getParent(), exitedGracefully
                        ? "the JVM wrote no archive" : "the environment did not exit gracefully");
            }
        } catch (IOException e) {
            LOG.debug("Class-data archive not published: {}", e.toString());
        } finally {
            TRAINING.remove(archive);
        }
        return false;
    }
}
