package dev.sluice.local.lambda.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The second step of an AOT cache (JEP 483): a JVM of its own, {@code -XX:AOTMode=create}, turns the configuration a
 * training environment recorded into the cache, written under a temporary name and renamed into place only when that
 * JVM exits with 0. It runs in the background after the training environment has exited, with the environments' own
 * JDK, class path and JVM options (the cache is only used by a JVM started with the same ones).
 *
 * <p>The configuration, the temporary cache and the step's output are deleted whatever the outcome. The process is
 * killed after {@link #TIME_LIMIT} and by {@link #killUnder(Path)}, which the Lambda service calls when it closes
 * (its local cloud closing, at JVM shutdown too: the local cloud's shutdown hook closes it).
 */
final class AotCacheAssembly {

    /** Creating the cache of a framework (Quarkus: about 10,000 classes) takes a few seconds on a busy machine. */
    static final Duration TIME_LIMIT = Duration.ofMinutes(2);
    /** The recorder and the assembler warn about every class they cannot archive (e.g. from a folder): noise here. */
    static final String QUIET_LOG = "-Xlog:aot=error,cds=error";

    private static final Logger LOG = LoggerFactory.getLogger(AotCacheAssembly.class);
    private static final Set<AotCacheAssembly> RUNNING = ConcurrentHashMap.newKeySet();

    private final Path configuration;
    private final Path output;
    private final Path log;
    private final Path cache;
    private Process process;
    private boolean killed;

    private AotCacheAssembly(Path configuration, Path output, Path cache) {
        this.configuration = configuration;
        this.output = output;
        this.log = output.resolveSibling(output.getFileName() + ".log");
        this.cache = cache;
    }

    /**
     * Creates {@code cache} from {@code configuration} in the background.
     *
     * @param javaAndOptions the environments' launcher and JVM options, class path included, without main class
     * @param directory      where the environments run (their task root)
     * @param output         the temporary name the cache is written to, next to {@code cache}
     * @return completes with true once the cache is in place, false when it was not made (never exceptionally)
     */
    static CompletableFuture<Boolean> start(List<String> javaAndOptions, Path directory, Path configuration,
                                            Path output, Path cache) {
        return new AotCacheAssembly(configuration, output, cache).run(javaAndOptions, directory);
    }

    /**
     * Kills the create steps of caches under {@code directory} (a local cloud's work folder) and deletes their files.
     *
     * @return how many were running
     */
    static int killUnder(Path directory) {
        Path root = directory.toAbsolutePath().normalize();
        List<AotCacheAssembly> killed = RUNNING.stream()
                .filter(assembly -> assembly.cache.toAbsolutePath().normalize().startsWith(root)).toList();
        killed.forEach(AotCacheAssembly::kill);
        return killed.size();
    }

    private CompletableFuture<Boolean> run(List<String> javaAndOptions, Path directory) {
        List<String> command = new ArrayList<>(javaAndOptions);
        command.addAll(List.of("-XX:AOTMode=create", "-XX:AOTConfiguration=" + configuration,
                "-XX:AOTCache=" + output, QUIET_LOG));
        RUNNING.add(this); // from here killUnder finds it: killed before it starts, it never starts
        Process started;
        synchronized (this) {
            try {
                if (!killed) {
                    process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                            .redirectOutput(log.toFile()).start();
                }
            } catch (IOException e) {
                LOG.debug("Could not start the AOT cache assembly for {}: {}", cache.getParent(), e.toString());
            }
            started = process;
        }
        if (started == null) {
            return CompletableFuture.completedFuture(finish(-1));
        }
        LOG.debug("Assembling the AOT cache {} (pid {})", cache, started.pid());
        try {
            started.getOutputStream().close();
        } catch (IOException ignored) {
            // stdin is unused
        }
        return started.onExit()
                .orTimeout(TIME_LIMIT.toMillis(), TimeUnit.MILLISECONDS)
                .handle((exited, timedOut) -> {
                    if (timedOut != null) {
                        LOG.debug("The AOT cache assembly for {} passed {} s: killed", cache.getParent(),
                                TIME_LIMIT.toSeconds());
                        kill();
                        return finish(-1);
                    }
                    return finish(exited.exitValue());
                });
    }

    /** Publishes the cache when the step succeeded, and deletes everything else. */
    private boolean finish(int exit) {
        boolean published = false;
        try {
            synchronized (this) {
                if (exit == 0 && !killed && Files.isRegularFile(output) && Files.size(output) > 0) {
                    Files.move(output, cache, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                    published = true;
                    LOG.debug("AOT cache ready: {}", cache);
                } else if (LOG.isDebugEnabled()) {
                    LOG.debug("AOT cache not made for {} (exit {}{}): {}", cache.getParent(), exit,
                            killed ? ", killed" : "", lastLines());
                }
            }
        } catch (IOException e) {
            LOG.debug("AOT cache not published: {}", e.toString());
        } finally {
            RUNNING.remove(this);
            cleanUp();
        }
        return published;
    }

    /** Kills the step (its service closing, or past the time limit); it leaves no file behind. */
    private void kill() {
        Process running;
        synchronized (this) {
            killed = true;
            running = process;
        }
        if (running != null) {
            running.destroyForcibly();
            try {
                running.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        cleanUp(); // at JVM shutdown the exit handler may not get to run
    }

    private void cleanUp() {
        for (Path file : List.of(configuration, output, log)) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                LOG.debug("Could not delete {}: {}", file, e.toString());
            }
        }
    }

    private String lastLines() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 10), lines.size()));
        } catch (IOException | RuntimeException e) {
            return "(no output)";
        }
    }
}
