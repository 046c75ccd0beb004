package dev.sluice.local.lambda.runtime;

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
 * The class-data archive of one code version, made automatically: the first environment of the version trains it,
 * later environments map it, which skips most class loading and verification at start.
 * <ul>
 *   <li>JDK 24+: the AOT cache ({@code <codeDir>/jdk-<version>/app.aot}, JEP 483) in two steps under our control. The training
 *   environment records with {@code -XX:AOTMode=record -XX:AOTConfiguration=<tmp>} (written when it exits, also on
 *   SIGTERM); then {@link AotCacheAssembly} creates the cache in a JVM of its own. Later environments use
 *   {@code -XX:AOTCache}.</li>
 *   <li>JDK 13-23 (or {@code -D}{@value #AOT_SWITCH}{@code =false}): the dynamic CDS archive
 *   ({@code <codeDir>/jdk-<version>/app.jsa}: {@code -XX:ArchiveClassesAtExit}, then {@code -XX:SharedArchiveFile}).</li>
 * </ul>
 *
 * <p>One environment per version trains (and its cache is assembled) at a time. Everything is written under temporary
 * names and renamed only once complete, so a reader never sees a half-written archive; a failed step deletes its files
 * and lets a later environment train again. Anything unsupported (an older JVM, a hot-reload folder whose classes
 * change under the same version) means no flags, and the JVM ignores an archive it cannot use.
 */
final class ClassDataArchive {

    /** The JVM feature that makes the archive: the flag naming the training output, the flag that uses it, its file. */
    enum Kind {
        DYNAMIC_CDS("app.jsa", "app.jsa", "-XX:ArchiveClassesAtExit=", "-XX:SharedArchiveFile="),
        AOT_CACHE("app.aot", "app.aotconf", "-XX:AOTConfiguration=", "-XX:AOTCache=");

        final String fileName;
        /** Prefix of the training run's output: the archive itself, or the AOT configuration. */
        final String trainingFileName;
        final String trainFlag;
        final String useFlag;

        Kind(String fileName, String trainingFileName, String trainFlag, String useFlag) {
            this.fileName = fileName;
            this.trainingFileName = trainingFileName;
            this.trainFlag = trainFlag;
            this.useFlag = useFlag;
        }

        List<String> trainingOptions(Path output) {
            if (this == AOT_CACHE) {
                return List.of("-XX:AOTMode=record", trainFlag + output, AotCacheAssembly.QUIET_LOG);
            }
            return List.of(trainFlag + output);
        }
    }

    /** System property that turns automatic archives off when "false". */
    public static final String SWITCH = "sluice.lambda.classDataSharing";
    /** System property that makes JDK 24+ use dynamic CDS instead of the AOT cache when "false". */
    public static final String AOT_SWITCH = "sluice.lambda.aotCache";
    /**
     * The first JDK with the AOT cache's record and create modes (JEP 483). It is also the first to need
     * {@code --enable-native-access} for the RIC, which a dynamic archive on top of the JDK's base archive (dumped
     * without it) reports as an error on every start; the AOT cache records the option itself.
     */
    static final int AOT_CACHE_FEATURE = 24;

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
     * The archive of the code unpacked at {@code taskRoot} for {@code jdk}, or null when the code is not a versioned
     * folder under {@code workDir} (a hot-reload folder changes under the same version). Each JDK has its own
     * ({@code <codeDir>/jdk-<version>/}): an archive is only valid for the JVM that made it, and one code version runs
     * on another JDK when its runtime changes.
     */
    static ClassDataArchive of(Kind kind, Path taskRoot, Path workDir, FunctionJdk jdk) {
        Path functions = workDir.toAbsolutePath().normalize().resolve("functions");
        Path task = taskRoot.toAbsolutePath().normalize();
        if (!task.startsWith(functions) || !task.getFileName().toString().equals("task")) {
            LOG.debug("No class-data sharing for {}: a hot-reload folder is not a fixed code version", taskRoot);
            return null;
        }
        return new ClassDataArchive(kind, folder(task.getParent(), jdk).resolve(kind.fileName));
    }

    /** Where the archives of one code version ({@code codeDir}) for {@code jdk} are. */
    static Path folder(Path codeDir, FunctionJdk jdk) {
        return codeDir.resolve("jdk-" + jdk.version());
    }

    /**
     * The kind of archive the JDK can make: the AOT cache from {@value #AOT_CACHE_FEATURE} (unless
     * {@code -D}{@value #AOT_SWITCH}{@code =false}), dynamic CDS from 13 with the JDK's base archive in place; null when
     * neither, or when turned off with {@code -D}{@value #SWITCH}{@code =false} (benchmarks compare both).
     */
    static Kind kindFor(FunctionJdk jdk) {
        if (!Boolean.parseBoolean(System.getProperty(SWITCH, "true"))) {
            LOG.debug("No class-data sharing: turned off by -D{}=false", SWITCH);
            return null;
        }
        if (jdk.feature() >= AOT_CACHE_FEATURE && Boolean.parseBoolean(System.getProperty(AOT_SWITCH, "true"))) {
            return Kind.AOT_CACHE;
        }
        if (jdk.feature() < 13) {
            LOG.debug("No class-data sharing: Java {} has no dynamic archives", jdk.feature());
            return null;
        }
        if (!Files.isRegularFile(jdk.home().resolve("lib/server/classes.jsa"))) {
            LOG.debug("No class-data sharing: {} has no base archive (lib/server/classes.jsa)", jdk.home());
            return null;
        }
        return Kind.DYNAMIC_CDS;
    }

    Kind kind() {
        return kind;
    }

    Path path() {
        return archive;
    }

    /**
     * The JVM options for a new environment: use the archive when it is complete, else train it when no other
     * environment of this version is training (or assembling), else none.
     */
    Use use() {
        if (Files.isRegularFile(archive)) {
            return new Use(List.of(kind.useFlag + archive), null);
        }
        if (!TRAINING.add(archive)) {
            return new Use(List.of(), null);
        }
        try {
            Files.createDirectories(archive.getParent());
        } catch (IOException e) {
            TRAINING.remove(archive);
            LOG.debug("No class-data archive: {}", e.toString());
            return new Use(List.of(), null);
        }
        Path output = archive.resolveSibling(kind.trainingFileName + "." + runId() + ".tmp");
        LOG.debug("Training a class-data archive for {} ({})", archive.getParent(), output.getFileName());
        return new Use(kind.trainingOptions(output), output);
    }

    /**
     * What one environment does with the archive.
     *
     * @param output what the training run writes (archive or AOT configuration), or null when the environment only
     *               reads (or ignores) the archive
     */
    record Use(List<String> jvmOptions, Path output) {

        boolean training() {
            return output != null;
        }
    }

    /**
     * Ends a training run once its process has exited: after a graceful exit the dynamic archive is published, or the
     * AOT cache's create step is started in the background; anything else (killed, never started, nothing written)
     * discards the output. Either way another environment may train again once this run (and its create step) ended.
     *
     * @param javaAndOptions the environments' launcher and JVM options without training flags and main class (the
     *                       AOT cache's create step needs the same)
     * @param directory      where the environments run
     * @return whether the archive was published or its create step started
     */
    boolean finish(Use use, boolean exitedGracefully, List<String> javaAndOptions, Path directory) {
        if (!use.training()) {
            return false;
        }
        boolean releaseNow = true;
        try {
            boolean written = exitedGracefully && Files.isRegularFile(use.output()) && Files.size(use.output()) > 0;
            if (!written) {
                Files.deleteIfExists(use.output());
                LOG.debug("Class-data archive not made for {} ({})", archive.getParent(), exitedGracefully
                        ? "the JVM wrote nothing" : "the environment did not exit gracefully");
                return false;
            }
            if (kind == Kind.AOT_CACHE) {
                Path output = archive.resolveSibling(kind.fileName + "." + runId() + ".tmp");
                var assembly = AotCacheAssembly.start(javaAndOptions, directory, use.output(), output, archive);
                releaseNow = false;
                assembly.whenComplete((published, never) -> TRAINING.remove(archive));
                return true;
            }
            Files.move(use.output(), archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            LOG.debug("Class-data archive ready: {}", archive);
            return true;
        } catch (IOException e) {
            LOG.debug("Class-data archive not published: {}", e.toString());
            deleteQuietly(use.output());
            return false;
        } finally {
            if (releaseNow) {
                TRAINING.remove(archive);
            }
        }
    }

    private static String runId() {
        return ProcessHandle.current().pid() + "-" + TRAINING_RUNS.incrementAndGet();
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.debug("Could not delete {}: {}", file, e.toString());
        }
    }
}
