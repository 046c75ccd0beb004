package dev.sluice.local.status;

import dev.sluice.local.core.Json;
import dev.sluice.local.dashboard.PrometheusText;
import dev.sluice.local.dashboard.StatusMetrics;
import dev.sluice.local.edge.AwsError;
import dev.sluice.local.edge.AwsRequest;
import dev.sluice.local.edge.AwsResponse;
import dev.sluice.local.edge.Claim;
import dev.sluice.local.edge.EdgeService;
import dev.sluice.local.events.EventBridgeService;
import dev.sluice.local.faults.Faults;
import dev.sluice.local.faults.FaultsApi;
import dev.sluice.local.lambda.LambdaService;
import dev.sluice.local.scaling.Autoscaler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The local cloud's own pages on the edge endpoint, everything under {@code /_sluice} (no AWS API), GET and HEAD but
 * for the one POST that fires a rule:
 *
 * <ul>
 *   <li>{@code /_sluice/health}: {@code {"status":"ok"}} while the edge serves;
 *   <li>{@code /_sluice/status}: {@link StatusSnapshot} as JSON;
 *   <li>{@code /_sluice/history?seconds=N}: {@link StatusSnapshot.History}, the autoscaler's samples of the last N
 *       seconds (1-900, default 300);
 *   <li>{@code /_sluice/dashboard}: one static page that polls the two above ({@code /_sluice} leads there);
 *   <li>{@code /_sluice/metrics}: the status in Prometheus' text format ({@link StatusMetrics});
 *   <li>{@code POST /_sluice/rules/<name>/trigger}: fires the scheduled rule {@code name} of the default bus now
 *       ({@code sluice trigger}); answers {@code {"RuleName": ..., "EventId": ...}}.
 * </ul>
 *
 * <p>{@code /_sluice/faults} (declared faults, which change state) is its own service, {@link FaultsApi}.
 */
public final class SluiceService implements EdgeService {

    public static final String PREFIX = "/_sluice";
    public static final String HEALTH_PATH = PREFIX + "/health";
    public static final String STATUS_PATH = PREFIX + "/status";
    public static final String HISTORY_PATH = PREFIX + "/history";
    public static final String DASHBOARD_PATH = PREFIX + "/dashboard";
    public static final String METRICS_PATH = PREFIX + "/metrics";
    /** {@code POST RULES_PATH/<rule name>/trigger}. */
    public static final String RULES_PATH = PREFIX + "/rules";
    private static final String TRIGGER = "/trigger";
    static final int DEFAULT_HISTORY_SECONDS = 300;
    static final long MAX_HISTORY_SECONDS = Autoscaler.HISTORY.toSeconds();

    private static final String PAGE_RESOURCE = "/dev/sluice/local/dashboard/dashboard.html";

    private final LambdaService lambda;
    private final Autoscaler autoscaler;
    private final Clock clock;
    private final EventBridgeService events;
    private final Faults faults;
    private final byte[] page = loadPage();

    /**
     * @param lambda     the functions and mappings to report; null for an edge with no local cloud behind it (its
     *                   health and dashboard page answer, status and metrics do not)
     * @param autoscaler null when autoscaling is off: mappings are listed without decisions or history
     */
    public SluiceService(LambdaService lambda, Autoscaler autoscaler, Clock clock) {
        this(lambda, autoscaler, clock, null, null);
    }

    /** @param events the bus whose scheduled rules {@code /_sluice/rules/<name>/trigger} fires; null: none */
    public SluiceService(LambdaService lambda, Autoscaler autoscaler, Clock clock, EventBridgeService events) {
        this(lambda, autoscaler, clock, events, null);
    }

    /** @param faults the declared faults listed in the status ({@code sluice chaos}), or null (none) */
    public SluiceService(LambdaService lambda, Autoscaler autoscaler, Clock clock, EventBridgeService events,
                         Faults faults) {
        this.faults = faults;
        this.lambda = lambda;
        this.autoscaler = autoscaler;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.events = events;
    }

    @Override
    public List<Claim> claims() {
        return List.of(Claim.path(PREFIX));
    }

    @Override
    public AwsResponse handle(AwsRequest request) throws IOException {
        String path = request.path();
        if (path.startsWith(RULES_PATH + "/")) {
            return trigger(request);
        }
        if (!request.method().equals("GET") && !request.method().equals("HEAD")) {
            throw new AwsError(405, "MethodNotAllowed", path + " answers GET and HEAD only (given " + request.method()
                    + ")").withHeader("Allow", "GET, HEAD");
        }
        switch (path) {
            case HEALTH_PATH:
                return AwsResponse.json(200, "{\"status\":\"ok\"}");
            case PREFIX, PREFIX + "/":
                return new AwsResponse(302, null, new byte[0], Map.of("Location", DASHBOARD_PATH));
            case DASHBOARD_PATH, DASHBOARD_PATH + "/":
                return new AwsResponse(200, "text/html; charset=utf-8", page, Map.of("Cache-Control", "no-store"));
            default:
                break;
        }
        if (!path.equals(STATUS_PATH) && !path.equals(HISTORY_PATH) && !path.equals(METRICS_PATH)) {
            throw new AwsError(404, "NotFound", "No page " + path + " (the local cloud serves "
                    + String.join(", ", List.of(HEALTH_PATH, STATUS_PATH, HISTORY_PATH, DASHBOARD_PATH, METRICS_PATH,
                            FaultsApi.PATH))
                    + ")");
        }
        if (lambda == null) {
            throw new AwsError(503, "ServiceUnavailable", path + " is not available: no local cloud behind this edge");
        }
        if (path.equals(STATUS_PATH)) {
            return AwsResponse.json(200, status());
        }
        if (path.equals(METRICS_PATH)) {
            String text = PrometheusText.render(StatusMetrics.from(Json.MAPPER.readTree(status())));
            return new AwsResponse(200, PrometheusText.CONTENT_TYPE, text.getBytes(StandardCharsets.UTF_8),
                    Map.of("Cache-Control", "no-store"));
        }
        Duration window = Duration.ofSeconds(seconds(request.rawQuery()));
        return AwsResponse.json(200, StatusSnapshot.history(autoscaler, window, clock.instant()).toJson());
    }

    /** {@code POST /_sluice/rules/<name>/trigger}: a rule name is 1-64 of {@code .-_A-Za-z0-9}, so never escaped. */
    private AwsResponse trigger(AwsRequest request) {
        String path = request.path();
        String name = path.substring(RULES_PATH.length() + 1);
        if (!name.endsWith(TRIGGER) || name.length() == TRIGGER.length() || name.indexOf('/') < name.length()
                - TRIGGER.length()) {
            throw new AwsError(404, "NotFound", "No page " + path + " (a rule is triggered with POST " + RULES_PATH
                    + "/<rule name>" + TRIGGER + ")");
        }
        if (!request.method().equals("POST")) {
            throw new AwsError(405, "MethodNotAllowed", path + " answers POST only (given " + request.method() + ")")
                    .withHeader("Allow", "POST");
        }
        if (events == null) {
            throw new AwsError(503, "ServiceUnavailable", path + " is not available: EventBridge is not local here");
        }
        String rule = name.substring(0, name.length() - TRIGGER.length());
        String eventId = events.trigger(rule);
        return AwsResponse.json(200, Json.MAPPER.createObjectNode().put("RuleName", rule).put("EventId", eventId)
                .toString());
    }

    private String status() {
        return StatusSnapshot.capture(lambda, autoscaler, faults, clock.instant()).toJson();
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
                    throw AwsError.validation("seconds must be a whole number (given '" + value + "')");
                }
                if (seconds < 1 || seconds > MAX_HISTORY_SECONDS) {
                    throw AwsError.validation("seconds must be between 1 and " + MAX_HISTORY_SECONDS
                            + " (given " + seconds + ")");
                }
                return seconds;
            }
        }
        return DEFAULT_HISTORY_SECONDS;
    }

    private static byte[] loadPage() {
        try (InputStream in = SluiceService.class.getResourceAsStream(PAGE_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("dashboard page " + PAGE_RESOURCE + " is missing from the classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the dashboard page " + PAGE_RESOURCE, e);
        }
    }
}
