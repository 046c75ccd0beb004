package dev.sluice.local.lambda.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;

/**
 * An environment's "Max Memory Used": the peak resident set of its process ({@code VmHWM} in
 * {@code /proc/<pid>/status}, which Linux keeps), in MB rounded up. Reading it costs one small file read. Where there
 * is no {@code /proc} (macOS, Windows) it is unknown, and REPORT lines leave the field out rather than guess.
 */
final class PeakMemory {

    private PeakMemory() {
    }

    static OptionalInt megabytes(long pid) {
        if (pid <= 0) {
            return OptionalInt.empty();
        }
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    String[] parts = line.substring("VmHWM:".length()).strip().split("\\s+");
                    long kilobytes = Long.parseLong(parts[0]);
                    return OptionalInt.of((int) ((kilobytes + 1023) / 1024));
                }
            }
        } catch (IOException | RuntimeException gone) {
            // no /proc, or the process has exited
        }
        return OptionalInt.empty();
    }
}
