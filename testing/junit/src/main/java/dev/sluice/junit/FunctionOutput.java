package dev.sluice.junit;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * What the functions' execution environments printed. The local cloud copies every line a function JVM writes to its
 * stdout or stderr to this JVM's {@code System.out} / {@code System.err}, prefixed {@code [function-name] }; the
 * streams are read when an environment starts. This stands in for both streams from before the cloud starts until it
 * stops: every line still reaches the console, and the last {@value #LINES_KEPT} lines of each function are kept.
 * (The local cloud has no CloudWatch Logs service yet; when it has one, this reads from it.)
 */
final class FunctionOutput implements AutoCloseable {

    static final int LINES_KEPT = 500;

    private final PrintStream out;
    private final PrintStream err;
    private final Predicate<String> isFunction;
    private final Map<String, Deque<String>> lines = new HashMap<>();

    /** @param isFunction whether a name in brackets is one of the cloud's functions (other lines are not kept) */
    private FunctionOutput(Predicate<String> isFunction) {
        this.out = System.out;
        this.err = System.err;
        this.isFunction = isFunction;
        System.setOut(new PrintStream(new Lines(out), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new Lines(err), true, StandardCharsets.UTF_8));
    }

    static FunctionOutput capture(Predicate<String> isFunction) {
        return new FunctionOutput(isFunction);
    }

    /** The last lines function {@code name} printed (stdout and stderr interleaved as they arrived), oldest first. */
    synchronized List<String> of(String name) {
        Deque<String> kept = lines.get(name);
        return kept == null ? List.of() : List.copyOf(kept);
    }

    private void keep(String line) {
        if (!line.startsWith("[")) {
            return;
        }
        int close = line.indexOf("] ");
        if (close < 2) {
            return;
        }
        String name = line.substring(1, close);
        if (!isFunction.test(name)) {
            return;
        }
        synchronized (this) {
            Deque<String> kept = lines.computeIfAbsent(name, n -> new ArrayDeque<>());
            if (kept.size() == LINES_KEPT) {
                kept.removeFirst();
            }
            kept.addLast(line.substring(close + 2));
        }
    }

    /** Puts the original streams back; lines printed afterwards are no longer kept. */
    @Override
    public void close() {
        System.out.flush();
        System.err.flush();
        System.setOut(out);
        System.setErr(err);
    }

    /** Passes everything through and looks at each complete line; one instance per stream. */
    private final class Lines extends OutputStream {

        private final PrintStream target;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        Lines(PrintStream target) {
            this.target = target;
        }

        @Override
        public synchronized void write(int b) {
            target.write(b);
            if (b == '\n') {
                keep(line.toString(StandardCharsets.UTF_8).stripTrailing());
                line.reset();
            } else if (line.size() < 64 * 1024) {
                line.write(b);
            }
        }

        @Override
        public synchronized void write(byte[] bytes, int offset, int length) {
            target.write(bytes, offset, length);
            for (int i = offset; i < offset + length; i++) {
                if (bytes[i] == '\n') {
                    keep(line.toString(StandardCharsets.UTF_8).stripTrailing());
                    line.reset();
                } else if (line.size() < 64 * 1024) {
                    line.write(bytes[i]);
                }
            }
        }

        @Override
        public void flush() {
            target.flush();
        }
    }
}
