package dev.sluice.cli;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_DELETE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;
import static java.nio.file.StandardWatchEventKinds.OVERFLOW;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The project's sources, watched for changes with the JDK's {@link WatchService} (inotify on Linux: the cost grows
 * with the changes, not with the size of the tree). Every folder that {@link WatchGlobs} does not exclude is
 * registered, new folders as they appear; a change counts when its file is a source. When the kernel dropped events
 * (an overflow) the change counts too, since what changed is unknown.
 */
final class SourceWatch implements AutoCloseable {

    /** What {@link #poll} reports when the kernel's event queue overflowed. */
    static final String UNKNOWN_CHANGE = "(more changes than the watcher could list)";

    private final Path root;
    private final WatchGlobs globs;
    private final Consumer<String> warn;
    private final WatchService service;
    private final Map<WatchKey, Path> folders = new HashMap<>();
    private boolean warnedRegistration;

    /** @param warn told (once) when a folder cannot be watched, e.g. at the inotify watch limit */
    SourceWatch(Path root, WatchGlobs globs, Consumer<String> warn) throws IOException {
        this.root = root;
        this.globs = globs;
        this.warn = warn;
        this.service = root.getFileSystem().newWatchService();
        registerTree(root, new ArrayList<>());
    }

    /** How many folders are watched. */
    int folders() {
        return folders.size();
    }

    /**
     * Waits up to {@code timeoutMillis} for changes and returns the sources that changed (paths relative to the
     * project), with everything else that arrived meanwhile; empty when nothing did.
     */
    List<String> poll(long timeoutMillis) throws InterruptedException {
        List<String> changed = new ArrayList<>();
        WatchKey key = service.poll(Math.max(0, timeoutMillis), TimeUnit.MILLISECONDS);
        while (key != null) {
            Path folder = folders.get(key);
            for (WatchEvent<?> event : key.pollEvents()) {
                if (event.kind() == OVERFLOW || folder == null) {
                    changed.add(UNKNOWN_CHANGE);
                    continue;
                }
                Path path = folder.resolve((Path) event.context());
                String relative = relative(path);
                if (event.kind() == ENTRY_CREATE && Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
                    if (!globs.excluded(relative)) {
                        registerTree(path, changed); // files made in it before it was watched count too
                    }
                } else if (globs.source(relative)) {
                    changed.add(relative);
                }
            }
            if (!key.reset()) {
                folders.remove(key); // the folder is gone
            }
            key = service.poll();
        }
        return changed;
    }

    private void registerTree(Path top, List<String> sourcesFound) {
        try {
            Files.walkFileTree(top, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                    if (!dir.equals(root) && globs.excluded(relative(dir))) {
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    try {
                        folders.put(dir.register(service, ENTRY_CREATE, ENTRY_MODIFY, ENTRY_DELETE), dir);
                    } catch (IOException e) {
                        if (!warnedRegistration) {
                            warnedRegistration = true;
                            warn.accept("cannot watch " + dir + " (" + e.getMessage() + "); changes in folders that"
                                    + " could not be watched are missed (on Linux, raise fs.inotify.max_user_watches)");
                        }
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    if (top != root && globs.source(relative(file))) {
                        sourcesFound.add(relative(file));
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            warn.accept("cannot watch " + top + ": " + e.getMessage());
        }
    }

    private String relative(Path path) {
        return root.relativize(path).toString().replace('\\', '/');
    }

    @Override
    public void close() throws IOException {
        service.close();
    }
}
