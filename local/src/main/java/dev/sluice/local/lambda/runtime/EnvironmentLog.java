package dev.sluice.local.lambda.runtime;

import dev.sluice.local.core.DaemonThreads;
import dev.sluice.local.logs.LogStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * One execution environment's log stream, as Lambda keeps it: the process's output (stdout and stderr, one stream)
 * line by line plus Lambda's own lines ({@link PlatformLines}), each stored as a CloudWatch Logs event in the
 * function's log group ({@code /aws/lambda/<function>}) under the environment's stream name, and echoed to the
 * console prefixed {@code [<function> <environment id>] }.
 *
 * <p>Lines belong to the invocation running when they were written: the environment runs one at a time, and before
 * it writes START or END it reads everything the process has written so far ({@link #drain()}), so no line crosses
 * into another invocation. The output is read without blocking (what the pipe holds, polled every 2-50 ms by a thread
 * of its own, and on demand), so that such a read never waits for the process.
 */
final class EnvironmentLog {

    /** Lines kept for error messages (an init failure's cause is often only in the output). */
    private static final int RECENT_LINES = 40;
    /** A line longer than this (no line break in 256 KiB) is stored in parts. */
    static final int MAX_LINE_BYTES = 256 * 1024;
    /** What Invoke with {@code LogType: Tail} returns: the end of the invocation's log, as on AWS. */
    static final int TAIL_BYTES = 4096;
    private static final long MIN_PAUSE_NANOS = 2_000_000;
    private static final long MAX_PAUSE_NANOS = 50_000_000;

    private final String function;
    private final LogStore store;
    private final String group;
    private final String stream;
    private final String prefix;
    private final Object lock = new Object();
    private final byte[] buffer = new byte[8192];
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    private final Deque<String> recent = new ArrayDeque<>();
    /** The invocation's log so far, for Tail: whole lines, trimmed from the front to about {@link #TAIL_BYTES}. */
    private Deque<String> tail;
    private int tailBytes;
    private InputStream output;
    private Thread reader;

    /** @param stream the environment's log stream, {@code YYYY/MM/DD/[$LATEST]<32 hex>} */
    EnvironmentLog(String function, LogStore store, String stream) {
        this.function = function;
        this.store = store;
        this.group = "/aws/lambda/" + function;
        this.stream = stream;
        this.prefix = "[" + function + " " + shortId(stream) + "] ";
    }

    /** The environment's id on the console: the first 8 hex digits of its stream's id. */
    static String shortId(String stream) {
        int bracket = stream.lastIndexOf(']');
        String hex = bracket < 0 ? stream : stream.substring(bracket + 1);
        return hex.length() > 8 ? hex.substring(0, 8) : hex;
    }

    String stream() {
        return stream;
    }

    String group() {
        return group;
    }

    /** Starts reading {@code process}'s output (stderr redirected into stdout) until it has exited and is read. */
    void attach(Process process) {
        synchronized (lock) {
            output = process.getInputStream();
        }
        reader = DaemonThreads.start("lambda-output-" + function + "-" + shortId(stream), () -> read(process));
    }

    private void read(Process process) {
        long pause = MIN_PAUSE_NANOS;
        while (true) {
            boolean exited = !process.isAlive();
            boolean got = drain();
            if (exited && !got) {
                synchronized (lock) {
                    readAvailable();
                    if (partial.size() > 0) {
                        line(partial.toByteArray(), partial.size());
                        partial.reset();
                    }
                }
                return;
            }
            pause = got ? MIN_PAUSE_NANOS : Math.min(MAX_PAUSE_NANOS, pause * 2);
            LockSupport.parkNanos(pause);
        }
    }

    /** Reads and stores everything the process has written so far; true if there was anything. */
    boolean drain() {
        synchronized (lock) {
            return readAvailable();
        }
    }

    /** Drains, then waits a little for the reader to finish when the process has exited (failure paths only). */
    void settle(Process process) {
        drain();
        if (reader != null && process != null && !process.isAlive()) {
            try {
                reader.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Stores Lambda's own line after what the process wrote before it; {@code console} echoes it too (failures, so
     * that they are seen).
     */
    void platform(String message, boolean console) {
        synchronized (lock) {
            readAvailable();
            store(message, console);
        }
    }

    /** Starts keeping the invocation's log for Tail (what was read before stays out of it). */
    void beginTail() {
        synchronized (lock) {
            readAvailable();
            tail = new ArrayDeque<>();
            tailBytes = 0;
        }
    }

    /** Reads what the process wrote before the invocation, then writes START. */
    void start(String requestId) {
        synchronized (lock) {
            readAvailable();
            store(PlatformLines.start(requestId), false);
        }
    }

    /**
     * Reads what the process wrote during the invocation, writes {@code lines} (failure lines, END, REPORT), and
     * returns the invocation's log tail (its last {@link #TAIL_BYTES} bytes).
     *
     * @param console whether {@code lines} are echoed to the console too (failures)
     */
    String finish(List<String> lines, boolean console) {
        synchronized (lock) {
            readAvailable();
            for (String line : lines) {
                store(line, console && !line.startsWith("END ") && !line.startsWith("REPORT "));
            }
            String text = tail == null ? "" : String.join("", tail);
            tail = null;
            return lastBytes(text, TAIL_BYTES);
        }
    }

    /** The last lines of output, for error messages. */
    List<String> recentLines() {
        synchronized (lock) {
            return List.copyOf(recent);
        }
    }

    private boolean readAvailable() {
        if (output == null) {
            return false;
        }
        boolean any = false;
        try {
            int available;
            while ((available = output.available()) > 0) {
                int read = output.read(buffer, 0, Math.min(available, buffer.length));
                if (read <= 0) {
                    break;
                }
                any = true;
                for (int i = 0; i < read; i++) {
                    byte b = buffer[i];
                    if (b == '\n') {
                        byte[] bytes = partial.toByteArray();
                        int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                        line(bytes, length);
                        partial.reset();
                    } else {
                        partial.write(b);
                        if (partial.size() >= MAX_LINE_BYTES) {
                            line(partial.toByteArray(), partial.size());
                            partial.reset();
                        }
                    }
                }
            }
        } catch (IOException closed) {
            // the process is gone and its pipe closed: what was read is stored
        }
        return any;
    }

    private void line(byte[] bytes, int length) {
        String line = new String(bytes, 0, length, StandardCharsets.UTF_8);
        recent.addLast(line);
        if (recent.size() > RECENT_LINES) {
            recent.removeFirst();
        }
        store(line, true);
    }

    private void store(String message, boolean console) {
        store.append(group, stream, System.currentTimeMillis(), message);
        if (console) {
            String echoed = message.indexOf('\n') < 0 ? prefix + message : prefix + message.replace("\n", "\n" + prefix);
            System.out.println(echoed);
        }
        if (tail != null) {
            String entry = message + "\n";
            tail.addLast(entry);
            tailBytes += entry.length();
            while (tail.size() > 1 && tailBytes - tail.peekFirst().length() >= TAIL_BYTES) {
                tailBytes -= tail.removeFirst().length();
            }
        }
    }

    /** The last {@code limit} bytes of {@code text} in UTF-8, not starting inside a character. */
    static String lastBytes(String text, int limit) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= limit) {
            return text;
        }
        int from = bytes.length - limit;
        while (from < bytes.length && (bytes[from] & 0xC0) == 0x80) {
            from++; // a continuation byte: the character began before the cut
        }
        return new String(bytes, from, bytes.length - from, StandardCharsets.UTF_8);
    }
}
