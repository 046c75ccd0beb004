package dev.sluice.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.List;

/**
 * One build output that is the code of deployed functions (a function.zip under {@code target/}), watched by polling
 * its size and modification time. A new version is handed out once it is complete: the file has not changed for the
 * settle time (or the build that wrote it has ended) and it is a whole zip, since a zip being written has no end of
 * central directory yet.
 */
final class BuildOutput {

    /**
     * A new, complete version of the file.
     *
     * @param writtenMillis when it was written: its modification time, or when the change was seen if that time is
     *                      older (a copy that kept the original's time)
     */
    record Version(byte[] bytes, String sha256, long writtenMillis) {
    }

    private final Path file;
    private final String name;
    private final List<String> functions;
    private long size;
    private long modified;
    /** When the current size and time were first seen (wall clock). */
    private long seen;
    /** The current size and time have been looked at (handed out, or found to be no zip). */
    private boolean handled;
    private boolean reportedIncomplete;

    /** @param name how messages name it (relative to the project) */
    BuildOutput(Path file, String name, List<String> functions) {
        this.file = file;
        this.name = name;
        this.functions = List.copyOf(functions);
        BasicFileAttributes attributes = attributes();
        this.size = attributes == null ? -1 : attributes.size();
        this.modified = attributes == null ? -1 : attributes.lastModifiedTime().toMillis();
        this.handled = true; // what is there now is what was deployed
    }

    Path file() {
        return file;
    }

    String name() {
        return name;
    }

    List<String> functions() {
        return functions;
    }

    /**
     * A new complete version, or null.
     *
     * @param settle   how long the file must have been unchanged (by its modification time)
     * @param writerDone the process that wrote it has ended (the build): no need to wait for it to settle
     * @param incomplete told once when the file has been unchanged for {@code 10 x settle} and is still no zip
     */
    Version poll(Duration settle, boolean writerDone, Runnable incomplete) throws IOException {
        BasicFileAttributes attributes = attributes();
        if (attributes == null) {
            size = -1;
            modified = -1;
            handled = true; // deleted (a clean build): wait for it to come back
            return null;
        }
        long nowMillis = System.currentTimeMillis();
        boolean changed = attributes.size() != size || attributes.lastModifiedTime().toMillis() != modified;
        if (changed) {
            size = attributes.size();
            modified = attributes.lastModifiedTime().toMillis();
            seen = nowMillis;
            handled = false;
            reportedIncomplete = false;
            if (!writerDone) {
                return null; // look again at the next poll: it must be the same then
            }
        }
        if (handled || (!writerDone && nowMillis - modified < settle.toMillis())) {
            return null;
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            handled = true; // said once; read again when it changes
            throw new IOException("cannot read " + name + ": " + e.getMessage(), e);
        }
        BasicFileAttributes after = attributes();
        if (after == null || after.size() != size || after.lastModifiedTime().toMillis() != modified) {
            return null; // written to while it was read
        }
        if (!completeZip(bytes)) {
            if (nowMillis - modified >= settle.toMillis() * 10) {
                handled = true; // a file that stays broken is read again only when it changes
                if (!reportedIncomplete) {
                    reportedIncomplete = true;
                    incomplete.run();
                }
            }
            return null;
        }
        handled = true;
        boolean plausible = modified >= seen - 2 * settle.toMillis();
        return new Version(bytes, CodeOrigins.sha256(bytes), plausible ? modified : seen);
    }

    private BasicFileAttributes attributes() {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class);
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * Whether {@code zip} is a whole zip file: it ends with an end-of-central-directory record (whose comment runs to
     * the end of the file) pointing at a central directory that starts with a central file header. A zip writer
     * writes both last, so a file still being written fails this.
     */
    static boolean completeZip(byte[] zip) {
        int lowest = Math.max(0, zip.length - 22 - 0xFFFF);
        for (int at = zip.length - 22; at >= lowest; at--) {
            if (int32(zip, at) != 0x06054b50 || at + 22 + uint16(zip, at + 20) != zip.length) {
                continue;
            }
            long entries = uint16(zip, at + 10);
            long directorySize = int32(zip, at + 12) & 0xFFFFFFFFL;
            long directoryOffset = int32(zip, at + 16) & 0xFFFFFFFFL;
            if (entries == 0xFFFF || directorySize == 0xFFFFFFFFL || directoryOffset == 0xFFFFFFFFL) {
                return at >= 20 && int32(zip, at - 20) == 0x07064b50; // zip64: its locator sits right before
            }
            if (entries == 0) {
                return directorySize == 0;
            }
            return directoryOffset + directorySize <= at && int32(zip, (int) directoryOffset) == 0x02014b50;
        }
        return false;
    }

    private static int uint16(byte[] b, int at) {
        return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8;
    }

    private static int int32(byte[] b, int at) {
        return uint16(b, at) | uint16(b, at + 2) << 16;
    }
}
