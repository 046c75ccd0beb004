package dev.sluice.example.e2e;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;

/**
 * Stands in for System.out and System.err while a local cloud runs. Function output (lines prefixed
 * {@code [<function>] }, thousands for a big run) is kept in a ring buffer instead of flooding the build log; every
 * other line is echoed. {@link #last(int)} gives the tail for a failure report. Function JVMs started while this is
 * installed keep writing here, so install it before the cloud starts.
 */
final class ConsoleTail implements AutoCloseable {

    private static final int CAPACITY = 2_000;

    private final PrintStream out;
    private final PrintStream err;
    private final Set<String> quietPrefixes;
    private final Deque<String> lines = new ArrayDeque<>();

    private ConsoleTail(Set<String> functionNames) {
        this.out = System.out;
        this.err = System.err;
        this.quietPrefixes = Set.copyOf(functionNames.stream().map(name -> "[" + name + "] ").toList());
        System.setOut(new PrintStream(new Lines(out), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new Lines(err), true, StandardCharsets.UTF_8));
    }

    /** Installs the tail; output of the named functions is kept but not echoed. */
    static ConsoleTail install(Set<String> functionNames) {
        return new ConsoleTail(functionNames);
    }

    /** Prints to the real stdout (progress and reports). */
    void println(String line) {
        out.println(line);
        out.flush();
    }

    /** The last {@code count} lines, function output included. */
    synchronized List<String> last(int count) {
        List<String> all = new ArrayList<>(lines);
        return all.subList(Math.max(0, all.size() - count), all.size());
    }

    private synchronized void remember(String line) {
        if (lines.size() == CAPACITY) {
            lines.removeFirst();
        }
        lines.addLast(line);
    }

    private boolean quiet(String line) {
        for (String prefix : quietPrefixes) {
            if (line.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        System.out.flush();
        System.err.flush();
        System.setOut(out);
        System.setErr(err);
    }

    /** Splits a stream into lines; one instance per stream, so its buffer needs only its own lock. */
    private final class Lines extends OutputStream {

        private final PrintStream echo;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        Lines(PrintStream echo) {
            this.echo = echo;
        }

        @Override
        public synchronized void write(int b) {
            if (b == '\n') {
                String text = line.toString(StandardCharsets.UTF_8);
                line.reset();
                remember(text);
                if (!quiet(text)) {
                    echo.println(text);
                }
            } else if (b != '\r') {
                line.write(b);
            }
        }

        @Override
        public synchronized void write(byte[] bytes, int offset, int length) {
            for (int i = offset; i < offset + length; i++) {
                write(bytes[i]);
            }
        }
    }
}
