package dev.sluice.local.lambda.runtime;

import dev.sluice.local.core.DaemonThreads;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The folder one execution environment owns, {@code <workDir>/environments/<pid>-<n>-<function>}: its own
 * {@code /tmp} ({@code tmp/}, given to the JVM as {@code java.io.tmpdir} and {@code TMPDIR}), as each Lambda
 * execution environment has its own ephemeral storage. Deleted with everything in it when the environment stops; a
 * local cloud deletes the folders that local clouds no longer running left behind ({@link #deleteStale(Path)}).
 *
 * <p>The size (EphemeralStorage, 512-10240 MB) is not enforced: writing past it succeeds here, where on AWS it fails
 * with "No space left on device". The folder is measured in the background after invocations (at most every
 * {@value #CHECK_INTERVAL_MILLIS} ms per environment) and the first time it holds more than the size, one warning says
 * so.
 */
final class EnvironmentFolder {

    static final String FOLDER = "environments";
    static final long CHECK_INTERVAL_MILLIS = 5_000;

    private static final Logger LOG = LoggerFactory.getLogger(EnvironmentFolder.class);
    private static final AtomicLong SEQUENCE = new AtomicLong();
    private static final ExecutorService MEASURING = Executors.newSingleThreadExecutor(
            DaemonThreads.factory("lambda-tmp-size"));

    private final Path root;
    private final Path tmp;
    private long lastCheck;
    private boolean warned;
    private boolean checking;

    private EnvironmentFolder(Path root) {
        this.root = root;
        this.tmp = root.resolve("tmp");
    }

    /** A new, empty folder for an environment of {@code function}. */
    static EnvironmentFolder create(Path workDir, String function) throws IOException {
        String name = ProcessHandle.current().pid() + "-" + SEQUENCE.incrementAndGet() + "-" + function;
        EnvironmentFolder folder = new EnvironmentFolder(workDir.toAbsolutePath().normalize().resolve(FOLDER)
                .resolve(name));
        Files.createDirectories(folder.tmp);
        return folder;
    }

    /** The environment's {@code /tmp}. */
    Path tmp() {
        return tmp;
    }

    Path root() {
        return root;
    }

    /** Deletes the folder and everything in it (the environment's process has exited). */
    void delete() {
        try {
            deleteTree(root);
        } catch (IOException e) {
            LOG.debug("Could not delete {}: {}", root, e.toString());
        }
    }

    /**
     * Measures {@code /tmp} in the background, unless it was measured within the last few seconds; the first time it
     * holds more than {@code limitMb}, logs one warning naming the function.
     */
    void checkSize(String function, int limitMb) {
        synchronized (this) {
            long now = System.currentTimeMillis();
            if (warned || checking || now - lastCheck < CHECK_INTERVAL_MILLIS) {
                return;
            }
            checking = true;
            lastCheck = now;
        }
        try {
            MEASURING.execute(() -> {
                long bytes = size(tmp);
                boolean over = bytes > limitMb * 1024L * 1024L;
                synchronized (this) {
                    checking = false;
                    if (!over || warned) {
                        return;
                    }
                    warned = true;
                }
                LOG.warn("Function {}: its /tmp ({}) holds {} MB, more than its EphemeralStorage of {} MB; on AWS "
                        + "writes past the size fail with 'No space left on device', locally the size is not enforced",
                        function, tmp, bytes / (1024 * 1024), limitMb);
            });
        } catch (RejectedExecutionException shuttingDown) {
            synchronized (this) {
                checking = false;
            }
        }
    }

    /** Bytes in the files under {@code dir}, 0 when it is gone. */
    static long size(Path dir) {
        long[] total = {0};
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    total[0] += attributes.size();
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE; // deleted meanwhile
                }
            });
        } catch (IOException e) {
            return total[0];
        }
        return total[0];
    }

    /**
     * Deletes the environment folders under {@code workDir} whose local cloud JVM (the pid their name starts with) no
     * longer runs: a local cloud that was killed left them. Folders of running JVMs (another local cloud using the
     * same work folder) stay.
     */
    static int deleteStale(Path workDir) {
        Path folders = workDir.toAbsolutePath().normalize().resolve(FOLDER);
        if (!Files.isDirectory(folders)) {
            return 0;
        }
        int deleted = 0;
        try (Stream<Path> children = Files.list(folders)) {
            for (Path child : children.toList()) {
                String name = child.getFileName().toString();
                int dash = name.indexOf('-');
                long pid;
                try {
                    pid = Long.parseLong(dash < 0 ? name : name.substring(0, dash));
                } catch (NumberFormatException notOurs) {
                    continue;
                }
                if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                    continue;
                }
                deleteTree(child);
                deleted++;
            }
        } catch (IOException e) {
            LOG.debug("Could not clean {}: {}", folders, e.toString());
        }
        return deleted;
    }

    /** Deletes {@code root} and everything under it, without following symbolic links. */
    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                Files.deleteIfExists(dir);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
