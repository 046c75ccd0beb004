package dev.sluice.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The file a test function records what it handled in ({@code RECORD_FILE} of TestFunctions.BATCH, SLOW_INIT). */
public final class RecordFile {

    private RecordFile() {
    }

    /** Its lines that are not blank; none before the function wrote any. */
    public static List<String> lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file).stream().filter(l -> !l.isBlank()).toList()
                    : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
