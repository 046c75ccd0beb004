package dev.sluice.local.dashboard;

import dev.sluice.local.HandlerZip;

/**
 * A plain-Java SQS handler (no Quarkus) that stands for I/O-bound work: it sleeps {@code WORK_MILLIS} (default 100)
 * per record, one record after the other, and reports no failures. Compiled here into a function.zip.
 */
public final class SleepingFunctionZip {

    public static final String HANDLER = "sleeper.Sleep::handleRequest";

    private static final String SOURCE = """
            package sleeper;
            import com.amazonaws.services.lambda.runtime.Context;
            import com.amazonaws.services.lambda.runtime.RequestHandler;
            import java.util.*;
            public class Sleep implements RequestHandler<Map<String, Object>, Map<String, Object>> {
                private static final long WORK_MILLIS =
                        Long.parseLong(Objects.requireNonNullElse(System.getenv("WORK_MILLIS"), "100"));
                @SuppressWarnings("unchecked")
                public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
                    List<Object> records = (List<Object>) event.getOrDefault("Records", List.of());
                    for (Object record : records) {
                        try { Thread.sleep(WORK_MILLIS); } catch (InterruptedException e) { throw new RuntimeException(e); }
                    }
                    return Map.of("batchItemFailures", List.of());
                }
            }
            """;

    /** The zip (compiled once per JVM). */
    public static final HandlerZip ZIP = HandlerZip.of("sleeper.Sleep", SOURCE);

    private SleepingFunctionZip() {
    }
}
