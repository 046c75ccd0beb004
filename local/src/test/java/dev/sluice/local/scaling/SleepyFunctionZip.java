package dev.sluice.local.scaling;

import dev.sluice.local.HandlerZip;

/** A plain-Java SQS handler that works {@code WORK_MILLIS} (default 100) per record, compiled here with javac. */
final class SleepyFunctionZip {

    static final String HANDLER = "fixture.Sleepy::handleRequest";

    private static final String SOURCE = """
            package fixture;
            import com.amazonaws.services.lambda.runtime.Context;
            import com.amazonaws.services.lambda.runtime.RequestHandler;
            import java.util.*;
            public class Sleepy implements RequestHandler<Map<String, Object>, Map<String, Object>> {
                private static final long WORK = Long.parseLong(
                        Objects.requireNonNullElse(System.getenv("WORK_MILLIS"), "100"));
                @SuppressWarnings("unchecked")
                public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
                    List<Object> records = (List<Object>) event.get("Records");
                    try {
                        Thread.sleep(WORK * records.size()); // I/O-bound work: waits, uses no CPU
                    } catch (InterruptedException e) {
                        throw new RuntimeException(e);
                    }
                    return Map.of("batchItemFailures", List.of());
                }
            }
            """;

    static final HandlerZip ZIP = HandlerZip.of("fixture.Sleepy", SOURCE);

    private SleepyFunctionZip() {
    }
}
