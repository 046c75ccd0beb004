package dev.sluice.local.state;

import dev.sluice.local.core.DaemonThreads;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local cloud's state on disk ({@code sluice local up --persist}): one H2 database file,
 * {@code <dir>/sluice.mv.db}, holding the queues and their messages, the Lambda and EventBridge resources (one JSON
 * document per service) and the work that was accepted but not done yet (asynchronous invocations, EventBridge
 * deliveries).
 *
 * <p>Every write is a transaction that is on disk before its caller is answered: the database runs with
 * {@code WRITE_DELAY=0} (with H2's default of 500 ms, a {@code kill -9} loses the last half second of commits; checked
 * with {@code Runtime.halt} right after a commit). Writes go through one writer thread that commits whatever has
 * queued up meanwhile in one transaction (group commit): a commit costs about 0.6 ms on this machine whatever it holds,
 * so busy queues share them.
 */
public final class StateStore implements AutoCloseable {

    /** The database file's name in the state folder. */
    public static final String FILE_NAME = "sluice.mv.db";

    private static final Logger LOG = LoggerFactory.getLogger(StateStore.class);
    private static final int MAX_GROUP = 1_000;

    /** Work done inside the writer's transaction. */
    @FunctionalInterface
    public interface Write {
        void apply(Connection connection) throws SQLException;
    }

    /** A read of the database (start-up only: restoring what was kept). */
    @FunctionalInterface
    public interface Read<T> {
        T apply(Connection connection) throws SQLException;
    }

    /** One piece of accepted work not yet done: its id in the store, its kind and its JSON. */
    public record Pending(long id, String kind, String json) {
    }

    private record Queued(Write write, CompletableFuture<Void> done) {
    }

    private final Path directory;
    private final Connection connection;
    private final BlockingQueue<Queued> writes = new LinkedBlockingQueue<>();
    private final Thread writer;
    private final Object lock = new Object();
    private volatile boolean halted;
    private volatile boolean closed;
    private long nextPendingId;

    private StateStore(Path directory, Connection connection) throws SQLException {
        this.directory = directory;
        this.connection = connection;
        try (Statement s = connection.createStatement()) {
            s.execute("create table if not exists documents (name varchar primary key, json varchar not null)");
            s.execute("create table if not exists pending (id bigint primary key, kind varchar not null,"
                    + " json varchar not null)");
            try (ResultSet max = s.executeQuery("select coalesce(max(id), 0) from pending")) {
                max.next();
                nextPendingId = max.getLong(1) + 1;
            }
        }
        connection.setAutoCommit(false);
        connection.commit();
        writer = DaemonThreads.start("sluice-state-writer", this::writeLoop);
    }

    /**
     * Opens (or creates) the state in {@code directory}.
     *
     * @throws StateException naming the file and the way to start fresh when it cannot be read or is in use
     */
    public static StateStore open(Path directory) {
        Path dir = directory.toAbsolutePath().normalize();
        Path file = dir.resolve(FILE_NAME);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new StateException("cannot create the state folder " + dir + ": " + e.getMessage(), e);
        }
        String url = "jdbc:h2:file:" + dir.resolve("sluice") + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE";
        try {
            Connection connection = DriverManager.getConnection(url, "sluice", "");
            return new StateStore(dir, connection);
        } catch (SQLException e) {
            String why = firstLine(e.getMessage());
            if (why.contains("already in use") || why.contains("locked")) {
                throw new StateException("the local cloud state in " + file + " is in use by another process (a local"
                        + " cloud already running on it?): stop that one, or give this one another folder", e);
            }
            throw new StateException("the local cloud state in " + file + " cannot be read (" + why + "); start"
                    + " fresh with 'sluice local up --fresh', which deletes " + dir, e);
        }
    }

    /** Deletes the state in {@code directory} (the {@code --fresh} start); nothing there is an error. */
    public static void delete(Path directory) {
        Path dir = directory.toAbsolutePath().normalize();
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new StateException("cannot delete the state folder " + dir + ": " + e.getMessage(), e);
        }
    }

    public Path directory() {
        return directory;
    }

    public Path file() {
        return directory.resolve(FILE_NAME);
    }

    /**
     * Queues {@code write}; the future completes once it is committed (or fails with the reason it was not). Writes
     * are applied in the order they were queued.
     */
    public CompletableFuture<Void> write(Write write) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (halted || closed) {
            done.completeExceptionally(new StateException("the local cloud state " + file() + " is closed"));
            return done;
        }
        writes.add(new Queued(write, done));
        return done;
    }

    /** {@link #write} of one statement with its parameters in order (null: SQL NULL). */
    public CompletableFuture<Void> update(String sql, Object... parameters) {
        return write(c -> update(c, sql, parameters));
    }

    /** Runs one statement with its parameters in order (null: SQL NULL), inside a {@link Write}. */
    public static void update(Connection connection, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                if (parameters[i] == null) {
                    s.setNull(i + 1, Types.NULL);
                } else {
                    s.setObject(i + 1, parameters[i]);
                }
            }
            s.executeUpdate();
        }
    }

    /** {@link #write} and waits for the commit. */
    public void writeAndWait(Write write) {
        await(write(write));
    }

    /** Waits for a write queued earlier. */
    public static void await(CompletableFuture<Void> written) {
        try {
            written.get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StateException("interrupted while writing the local cloud state", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof StateException s ? s
                    : new StateException("writing the local cloud state failed: " + e.getCause().getMessage(), e);
        } catch (TimeoutException e) {
            throw new StateException("writing the local cloud state took over 30 s", e);
        }
    }

    /** Reads the database (the writer is paused meanwhile). */
    public <T> T read(Read<T> read) {
        synchronized (lock) {
            try {
                return read.apply(connection);
            } catch (SQLException e) {
                throw new StateException("cannot read the local cloud state in " + file() + " ("
                        + firstLine(e.getMessage()) + "); start fresh with 'sluice local up --fresh'", e);
            }
        }
    }

    // ---- documents: one JSON document per service (its resources) ----

    /** The document {@code name}, if one was saved. */
    public Optional<String> document(String name) {
        return read(c -> {
            try (PreparedStatement s = c.prepareStatement("select json from documents where name = ?")) {
                s.setString(1, name);
                try (ResultSet r = s.executeQuery()) {
                    return r.next() ? Optional.of(r.getString(1)) : Optional.empty();
                }
            }
        });
    }

    /** Replaces the document {@code name}; committed when the future completes. */
    public CompletableFuture<Void> putDocument(String name, String json) {
        return update("merge into documents key(name) values (?, ?)", name, json);
    }

    // ---- pending work: accepted, not done yet ----

    /** A new id for a piece of pending work (ids are never reused in one store). */
    public long newPendingId() {
        synchronized (lock) {
            return nextPendingId++;
        }
    }

    /** Keeps pending work {@code id} (new or replaced). */
    public CompletableFuture<Void> putPending(long id, String kind, String json) {
        return update("merge into pending key(id) values (?, ?, ?)", id, kind, json);
    }

    /** Keeps several pieces of pending work in one transaction. */
    public CompletableFuture<Void> putPending(List<Pending> all) {
        return write(c -> {
            try (PreparedStatement s = c.prepareStatement("merge into pending key(id) values (?, ?, ?)")) {
                for (Pending p : all) {
                    s.setLong(1, p.id());
                    s.setString(2, p.kind());
                    s.setString(3, p.json());
                    s.addBatch();
                }
                s.executeBatch();
            }
        });
    }

    /** Forgets pending work {@code id}: done, delivered or given up. */
    public CompletableFuture<Void> removePending(long id) {
        return update("delete from pending where id = ?", id);
    }

    /** The pending work of {@code kind}, oldest first. */
    public List<Pending> pending(String kind) {
        return read(c -> {
            try (PreparedStatement s = c.prepareStatement("select id, kind, json from pending where kind = ? order by id")) {
                s.setString(1, kind);
                List<Pending> all = new ArrayList<>();
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        all.add(new Pending(r.getLong(1), r.getString(2), r.getString(3)));
                    }
                }
                return all;
            }
        });
    }

    // ---- lifecycle ----

    /**
     * Stops as {@code kill -9} would stop the process: what is committed stays, nothing queued or later is written.
     * For tests of a crash and restart in one JVM; {@link #close()} afterwards does nothing more.
     */
    public void halt() {
        halted = true;
        writer.interrupt();
        synchronized (lock) {
            try (Statement s = connection.createStatement()) {
                s.execute("SHUTDOWN IMMEDIATELY");
            } catch (SQLException alreadyDown) {
                // the database is gone either way
            }
        }
        failQueued("the local cloud was killed");
    }

    /** Commits what is queued and closes the database; idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        writer.interrupt();
        try {
            writer.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (halted) {
            return;
        }
        synchronized (lock) {
            try {
                connection.close();
            } catch (SQLException e) {
                LOG.warn("The local cloud state {} did not close cleanly: {}", file(), firstLine(e.getMessage()));
            }
        }
    }

    private void writeLoop() {
        List<Queued> group = new ArrayList<>();
        while (!halted) {
            try {
                if (closed && writes.isEmpty()) {
                    return;
                }
                Queued first = closed ? writes.poll() : writes.take();
                if (first == null) {
                    return;
                }
                group.add(first);
            } catch (InterruptedException e) {
                if (halted || closed && writes.isEmpty()) {
                    return;
                }
                continue; // closing: commit what is queued first
            }
            writes.drainTo(group, MAX_GROUP - 1);
            commit(group);
            group.clear();
        }
    }

    private void commit(List<Queued> group) {
        List<Throwable> failures = new ArrayList<>(group.size());
        synchronized (lock) {
            if (halted) {
                group.forEach(q -> q.done().completeExceptionally(new StateException("the local cloud was killed")));
                return;
            }
            for (Queued q : group) {
                try {
                    q.write().apply(connection);
                    failures.add(null);
                } catch (SQLException | RuntimeException e) {
                    failures.add(e);
                }
            }
            try {
                connection.commit();
            } catch (SQLException e) {
                LOG.error("Cannot write the local cloud state {}: {}", file(), firstLine(e.getMessage()));
                StateException failure = new StateException("cannot write the local cloud state " + file() + ": "
                        + firstLine(e.getMessage()), e);
                group.forEach(q -> q.done().completeExceptionally(failure));
                return;
            }
        }
        for (int i = 0; i < group.size(); i++) {
            Throwable failure = failures.get(i);
            if (failure == null) {
                group.get(i).done().complete(null);
            } else {
                LOG.error("A write to the local cloud state {} failed: {}", file(), firstLine(failure.getMessage()));
                group.get(i).done().completeExceptionally(new StateException("cannot write the local cloud state "
                        + file() + ": " + firstLine(failure.getMessage()), failure));
            }
        }
    }

    private void failQueued(String why) {
        for (Queued q; (q = writes.poll()) != null; ) {
            q.done().completeExceptionally(new StateException(why));
        }
    }

    static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int newline = message.indexOf('\n');
        return (newline < 0 ? message : message.substring(0, newline)).strip();
    }
}
