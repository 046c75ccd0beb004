package dev.sluice.local.template;

import dev.sluice.testing.HandlerZip;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/**
 * A plain-Java handler (no Quarkus), compiled by the test, that records what it receives as files in the folder
 * {@code OUT_DIR} names: an SQS record's body (after {@code GREETING} and a space, when set) in
 * {@code sqs-<messageId>.txt}, an EventBridge event's detail-type in {@code event-<id>.txt}.
 */
final class RecordingHandler {

    static final String HANDLER = "example.Recorder::handleRequest";

    private static final String SOURCE = """
            package example;

            import com.amazonaws.services.lambda.runtime.Context;
            import com.amazonaws.services.lambda.runtime.RequestHandler;
            import java.io.IOException;
            import java.io.UncheckedIOException;
            import java.nio.file.Files;
            import java.nio.file.Path;
            import java.util.List;
            import java.util.Map;

            public class Recorder implements RequestHandler<Map<String, Object>, Map<String, Object>> {
                @Override
                @SuppressWarnings("unchecked")
                public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
                    Path out = Path.of(System.getenv("OUT_DIR"));
                    String greeting = System.getenv("GREETING");
                    try {
                        if (event.containsKey("Records")) {
                            for (Map<String, Object> record : (List<Map<String, Object>>) event.get("Records")) {
                                String body = (String) record.get("body");
                                Files.writeString(out.resolve("sqs-" + record.get("messageId") + ".txt"),
                                        greeting == null ? body : greeting + " " + body);
                            }
                        } else {
                            Files.writeString(out.resolve("event-" + event.get("id") + ".txt"),
                                    (String) event.get("detail-type"));
                        }
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    return Map.of("batchItemFailures", List.of());
                }
            }
            """;

    private RecordingHandler() {
    }

    static Path writeZip(Path zip) throws IOException {
        Files.createDirectories(zip.getParent());
        return HandlerZip.of("example.Recorder", SOURCE).writeTo(zip);
    }

    /** The contents of the first {@code count} files the handler wrote into {@code out}, waiting up to 90 s. */
    static List<String> awaitRecords(Path out, int count) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            List<Path> files;
            try (Stream<Path> listing = Files.list(out)) {
                files = listing.filter(p -> p.toString().endsWith(".txt")).toList();
            }
            if (files.size() >= count) {
                return files.stream().map(RecordingHandler::read).toList();
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the handler did not write " + count + " files into " + out + " within 90 s");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
