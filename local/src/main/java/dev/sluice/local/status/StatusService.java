package dev.sluice.local.status;

import dev.sluice.local.edge.AwsRequest;
import dev.sluice.local.edge.AwsResponse;
import dev.sluice.local.edge.EdgeService;
import dev.sluice.local.lambda.LambdaService;
import dev.sluice.local.scaling.Autoscaler;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * The local cloud's own status on the edge endpoint (not an AWS API):
 *
 * <ul>
 *   <li>{@code GET /_sluice/status}: {@link StatusSnapshot} as JSON;
 *   <li>{@code GET /_sluice/history?seconds=N}: {@link StatusSnapshot.History}, the autoscaler's samples of the
 *       last N seconds (1-900, default 300).
 * </ul>
 */
public final class StatusService implements EdgeService {

    public static final String STATUS_PATH = "/_sluice/status";
    public static final String HISTORY_PATH = "/_sluice/history";
    static final int DEFAULT_HISTORY_SECONDS = 300;
    static final long MAX_HISTORY_SECONDS = Autoscaler.HISTORY.toSeconds();

    private final LambdaService lambda;
    private final Autoscaler autoscaler;
    private final Clock clock;

    /** @param autoscaler null when autoscaling is off: mappings are listed without decisions or history */
    public StatusService(LambdaService lambda, Autoscaler autoscaler, Clock clock) {
        this.lambda = Objects.requireNonNull(lambda, "lambda");
        this.autoscaler = autoscaler;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public boolean accepts(AwsRequest request) {
        return request.path().equals(STATUS_PATH) || request.path().equals(HISTORY_PATH);
    }

    @Override
    public AwsResponse handle(AwsRequest request) {
        if (!request.method().equals("GET")) {
            return error(405, request.path() + " answers GET only (given " + request.method() + ")")
                    .withHeader("Allow", "GET");
        }
        if (request.path().equals(STATUS_PATH)) {
            return AwsResponse.json(200, StatusSnapshot.capture(lambda, autoscaler, clock.instant()).toJson());
        }
        long seconds;
        try {
            seconds = seconds(request.rawQuery());
        } catch (IllegalArgumentException e) {
            return error(400, e.getMessage());
        }
        return AwsResponse.json(200, StatusSnapshot.history(autoscaler, Duration.ofSeconds(seconds), clock.instant())
                .toJson());
    }

    /** The {@code seconds} query parameter: 1-900, default 300. */
    static long seconds(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return DEFAULT_HISTORY_SECONDS;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.startsWith("seconds=")) {
                String value = pair.substring("seconds=".length());
                long seconds;
                try {
                    seconds = Long.parseLong(value);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("seconds must be a whole number (given '" + value + "')");
                }
                if (seconds < 1 || seconds > MAX_HISTORY_SECONDS) {
                    throw new IllegalArgumentException("seconds must be between 1 and " + MAX_HISTORY_SECONDS
                            + " (given " + seconds + ")");
                }
                return seconds;
            }
        }
        return DEFAULT_HISTORY_SECONDS;
    }

    private static AwsResponse error(int status, String message) {
        return AwsResponse.json(status, "{\"message\":" + quote(message) + "}");
    }

    private static String quote(String text) {
        return new com.fasterxml.jackson.databind.node.TextNode(text).toString();
    }
}
