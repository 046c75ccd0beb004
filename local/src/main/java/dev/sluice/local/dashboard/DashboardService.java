package dev.sluice.local.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.local.edge.AwsRequest;
import dev.sluice.local.edge.AwsResponse;
import dev.sluice.local.edge.EdgeService;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;

/**
 * The local cloud's web dashboard ({@code GET /_sluice/dashboard}, one static page that polls
 * {@code /_sluice/status} and {@code /_sluice/history}) and its Prometheus endpoint ({@code GET /_sluice/metrics}),
 * computed from the status service's document. Register it on the edge before the status service, which accepts
 * every {@code GET /_sluice/...} path.
 */
public final class DashboardService implements EdgeService {

    public static final String DASHBOARD_PATH = "/_sluice/dashboard";
    public static final String METRICS_PATH = "/_sluice/metrics";
    static final String STATUS_PATH = "/_sluice/status";

    private static final String PAGE_RESOURCE = "/dev/sluice/local/dashboard/dashboard.html";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final EdgeService status;
    private final byte[] page;

    /** @param status the service answering {@code GET /_sluice/status} (asked in-process for each scrape) */
    public DashboardService(EdgeService status) {
        this.status = Objects.requireNonNull(status, "status");
        this.page = loadPage();
    }

    @Override
    public boolean accepts(AwsRequest request) {
        if (!request.method().equals("GET") && !request.method().equals("HEAD")) {
            return false;
        }
        String path = request.path();
        return path.equals(DASHBOARD_PATH) || path.equals(DASHBOARD_PATH + "/") || path.equals(METRICS_PATH)
                || path.equals("/_sluice") || path.equals("/_sluice/");
    }

    @Override
    public AwsResponse handle(AwsRequest request) throws Exception {
        String path = request.path();
        if (path.equals(METRICS_PATH)) {
            return metrics();
        }
        if (path.startsWith(DASHBOARD_PATH)) {
            return new AwsResponse(200, "text/html; charset=utf-8", page, Map.of("Cache-Control", "no-store"));
        }
        return new AwsResponse(302, null, new byte[0], Map.of("Location", DASHBOARD_PATH));
    }

    private AwsResponse metrics() throws Exception {
        AwsResponse document = status.handle(new AwsRequest("GET", STATUS_PATH, null, Map.of(), new byte[0]));
        if (document.status() != 200) {
            return new AwsResponse(503, "text/plain; charset=utf-8",
                    ("status unavailable (HTTP " + document.status() + ")\n").getBytes(StandardCharsets.UTF_8),
                    Map.of());
        }
        String text = PrometheusText.render(StatusMetrics.from(JSON.readTree(document.body())));
        return new AwsResponse(200, PrometheusText.CONTENT_TYPE, text.getBytes(StandardCharsets.UTF_8),
                Map.of("Cache-Control", "no-store"));
    }

    private static byte[] loadPage() {
        try (InputStream in = DashboardService.class.getResourceAsStream(PAGE_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("dashboard page " + PAGE_RESOURCE + " is missing from the classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the dashboard page " + PAGE_RESOURCE, e);
        }
    }
}
