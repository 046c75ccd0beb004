package dev.sluice.cli;

import java.io.PrintWriter;
import java.io.Writer;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * The last lines a command printed, kept to say why it failed; with a copy to another writer while it runs when one is
 * given (--verbose). Use it as a {@link PrintWriter}'s target.
 */
final class OutputTail extends Writer {

    private final int keep;
    private final PrintWriter copy;
    private final Deque<String> lines = new ArrayDeque<>();
    private final StringBuilder current = new StringBuilder();

    /** @param copy where every line also goes as it comes, or null */
    OutputTail(int keep, PrintWriter copy) {
        this.keep = keep;
        this.copy = copy;
    }

    PrintWriter writer() {
        return new PrintWriter(this, true);
    }

    @Override
    public synchronized void write(char[] chars, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            char c = chars[i];
            if (c == '\n') {
                line(current.toString());
                current.setLength(0);
            } else if (c != '\r') {
                current.append(c);
            }
        }
    }

    private void line(String line) {
        lines.addLast(line);
        while (lines.size() > keep) {
            lines.removeFirst();
        }
        if (copy != null) {
            copy.println(line);
            copy.flush();
        }
    }

    /** The last lines, oldest first (a last line without a newline included). */
    synchronized List<String> lines() {
        if (current.length() > 0) {
            line(current.toString());
            current.setLength(0);
        }
        return List.copyOf(lines);
    }

    synchronized void clear() {
        lines.clear();
        current.setLength(0);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
}
