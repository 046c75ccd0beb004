package dev.sluice.local.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.local.RawHttp;
import dev.sluice.local.core.Json;
import dev.sluice.local.status.SluiceService;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The edge's checks with a recording service behind it: what a browser page (Origin, Sec-Fetch-Site), a DNS-rebound
 * name (Host) or an oversized request gets, and that the service never sees a refused request.
 */
class RequestGuardTest {

    private static final ObjectMapper JSON = Json.MAPPER;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final RecordingService service = new RecordingService();
    private EdgeServer edge;

    private void start(EdgeAccess access) {
        edge = new EdgeServer("127.0.0.1", 0, access);
        edge.register(service);
        edge.register(new SluiceService(null, null, Clock.systemUTC())); // answers /_sluice/health
        edge.start();
    }

    /** Starts the edge with the default access and opens a raw connection to it, for requests no client would send. */
    private Socket startAndConnect() throws IOException {
        start(EdgeAccess.DEFAULT);
        Socket socket = new Socket("127.0.0.1", edge.port());
        socket.setSoTimeout(30_000);
        return socket;
    }

    @AfterEach
    void stop() {
        if (edge != null) {
            edge.close();
        }
    }

    @Test
    void foreignOriginIsRefusedBeforeTheServiceSeesIt() throws Exception {
        start(EdgeAccess.DEFAULT);

        HttpResponse<String> response = send(post("https://evil.example"));

        assertThat(response.statusCode()).isEqualTo(403);
        JsonNode error = JSON.readTree(response.body());
        assertThat(error.get("__type").asText()).isEqualTo("AccessDeniedException");
        assertThat(error.get("message").asText()).contains("origin https://evil.example")
                .contains("allowedOrigins").contains("--allowed-origin https://evil.example")
                .contains("allowAnyOrigin");
        assertThat(response.headers().firstValue("access-control-allow-origin")).isEmpty();
        assertThat(service.calls).hasValue(0);
    }

    @Test
    void opaqueNullOriginIsRefused() throws Exception {
        start(EdgeAccess.DEFAULT);

        assertThat(send(post("null")).statusCode()).isEqualTo(403);
        assertThat(service.calls).hasValue(0);
    }

    @Test
    void theEdgesOwnOriginIsAllowedUnderEveryLoopbackName() throws Exception {
        start(EdgeAccess.DEFAULT);

        for (String origin : List.of("http://127.0.0.1:" + edge.port(), "http://localhost:" + edge.port(),
                "http://dashboard.localhost:" + edge.port())) {
            HttpResponse<String> response = send(post(origin));

            assertThat(response.statusCode()).as(origin).isEqualTo(200);
            assertThat(response.headers().firstValue("access-control-allow-origin")).as(origin).hasValue(origin);
        }
        assertThat(send(post("http://localhost:" + (edge.port() == 1 ? 2 : edge.port() - 1))).statusCode())
                .as("another port of localhost is another origin").isEqualTo(403);
        assertThat(send(post("https://localhost:" + edge.port())).statusCode()).as("https is another origin")
                .isEqualTo(403);
    }

    @Test
    void crossSiteBrowserRequestsWithoutOriginAreRefused() throws Exception {
        start(EdgeAccess.DEFAULT);

        for (String site : List.of("cross-site", "same-site")) {
            HttpResponse<String> response = send(HttpRequest.newBuilder(edge.endpoint().resolve("/echo"))
                    .header("X-Amz-Target", "Echo.Call").header("Sec-Fetch-Site", site).GET().build());

            assertThat(response.statusCode()).as(site).isEqualTo(403);
            assertThat(JSON.readTree(response.body()).get("message").asText()).contains("Sec-Fetch-Site: " + site);
        }
        for (String site : List.of("same-origin", "none")) {
            HttpResponse<String> response = send(HttpRequest.newBuilder(edge.endpoint().resolve("/echo"))
                    .header("X-Amz-Target", "Echo.Call").header("Sec-Fetch-Site", site).GET().build());

            assertThat(response.statusCode()).as(site).isEqualTo(200);
        }
        assertThat(service.calls).hasValue(2);
    }

    @Test
    void configuredOriginGetsAPreflightAndCorsHeaders() throws Exception {
        start(new EdgeAccess(List.of("http://localhost:3000"), false, List.of()));

        HttpResponse<String> preflight = send(preflight("http://localhost:3000")
                .header("Access-Control-Request-Headers", "content-type,x-amz-target,authorization")
                .header("Access-Control-Request-Private-Network", "true")
                .build());

        assertThat(preflight.statusCode()).isEqualTo(204);
        assertThat(preflight.headers().firstValue("access-control-allow-origin")).hasValue("http://localhost:3000");
        assertThat(preflight.headers().firstValue("access-control-allow-methods").orElseThrow()).contains("POST")
                .contains("PUT").contains("DELETE");
        assertThat(preflight.headers().firstValue("access-control-allow-headers"))
                .hasValue("content-type,x-amz-target,authorization");
        assertThat(preflight.headers().firstValue("access-control-allow-private-network")).hasValue("true");
        assertThat(service.calls).as("a preflight is answered by the edge").hasValue(0);

        HttpResponse<String> actual = send(post("http://localhost:3000"));

        assertThat(actual.statusCode()).isEqualTo(200);
        assertThat(actual.headers().firstValue("access-control-allow-origin")).hasValue("http://localhost:3000");
        assertThat(actual.headers().firstValue("access-control-expose-headers").orElseThrow())
                .contains("x-amzn-RequestId").contains("x-amz-function-error");
        assertThat(actual.headers().firstValue("vary")).hasValue("Origin");
        assertThat(service.calls).hasValue(1);
    }

    @Test
    void preflightOfAForeignOriginIsRefused() throws Exception {
        start(new EdgeAccess(List.of("http://localhost:3000"), false, List.of()));

        HttpResponse<String> preflight = send(preflight("http://localhost:3001").build());

        assertThat(preflight.statusCode()).isEqualTo(403);
        assertThat(preflight.headers().firstValue("access-control-allow-origin")).isEmpty();
    }

    @Test
    void anyOriginOptOutLetsEveryPageIn() throws Exception {
        start(new EdgeAccess(List.of(), true, List.of()));

        HttpResponse<String> response = send(post("https://anything.example"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("access-control-allow-origin")).hasValue("https://anything.example");
    }

    @Test
    void foreignHostIsRefusedNamingTheHost() throws Exception {
        start(EdgeAccess.DEFAULT);

        String answer = raw("GET /echo HTTP/1.1\r\nHost: rebound.attacker.example:" + edge.port()
                + "\r\nX-Amz-Target: Echo.Call\r\nConnection: close\r\n\r\n");

        assertThat(answer).startsWith("HTTP/1.1 403");
        assertThat(answer).contains("Host rebound.attacker.example is not served").contains("DNS rebinding")
                .contains("--allowed-host rebound.attacker.example");
        assertThat(service.calls).hasValue(0);
    }

    @Test
    void loopbackHostNamesTheBoundHostAndConfiguredNamesAreServed() throws Exception {
        start(new EdgeAccess(List.of(), false, List.of("devbox.lan", "*.test")));

        for (String host : List.of("127.0.0.1", "127.0.0.1:" + edge.port(), "localhost", "LOCALHOST:" + edge.port(),
                "[::1]:" + edge.port(), "app.localhost:" + edge.port(), "devbox.lan:" + edge.port(), "api.test")) {
            String answer = raw("GET /echo HTTP/1.1\r\nHost: " + host + "\r\nX-Amz-Target: Echo.Call\r\n"
                    + "Connection: close\r\n\r\n");

            assertThat(answer).as(host).startsWith("HTTP/1.1 200");
        }
        for (String host : List.of("localhost.evil.example", "127.0.0.1.nip.io", "devbox.lan.evil.example", "test")) {
            String answer = raw("GET /echo HTTP/1.1\r\nHost: " + host + "\r\nX-Amz-Target: Echo.Call\r\n"
                    + "Connection: close\r\n\r\n");

            assertThat(answer).as(host).startsWith("HTTP/1.1 403");
        }
    }

    @Test
    void http10RequestsWithoutHostPass() throws Exception {
        start(EdgeAccess.DEFAULT);

        String answer = raw("GET /_sluice/health HTTP/1.0\r\n\r\n");

        assertThat(answer).startsWith("HTTP/1.1 200").contains("{\"status\":\"ok\"}");
    }

    @Test
    void oversizedHeadersGet431() throws Exception {
        start(EdgeAccess.DEFAULT);

        HttpResponse<String> response = send(HttpRequest.newBuilder(edge.endpoint().resolve("/echo"))
                .header("X-Amz-Target", "Echo.Call").header("X-Padding", "x".repeat(100 * 1024)).GET().build());

        assertThat(response.statusCode()).isEqualTo(431);
        JsonNode error = JSON.readTree(response.body());
        assertThat(error.get("__type").asText()).isEqualTo("RequestHeaderFieldsTooLarge");
        assertThat(error.get("message").asText()).contains(Integer.toString(RequestGuard.MAX_HEADER_BYTES));
        assertThat(service.calls).hasValue(0);
    }

    @Test
    void declaredOversizedBodyGets413BeforeTheBodyIsSent() throws Exception {
        try (Socket socket = startAndConnect()) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Amz-Target: Echo.Call\r\n"
                    + "Content-Type: application/json\r\nContent-Length: 104857600\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(new byte[64 * 1024]); // a first part of the 100 MB; the rest is never sent
            out.flush();

            String answer = RawHttp.readAnswer(socket.getInputStream());

            assertThat(answer).startsWith("HTTP/1.1 413");
            assertThat(answer).contains("RequestEntityTooLargeException").contains("104857600 bytes")
                    .contains("limit of " + RequestGuard.DEFAULT_MAX_BODY_BYTES + " bytes");
        }
        assertThat(service.calls).hasValue(0);
    }

    @Test
    void chunkedBodyIsCutOffOneBytePastTheLimit() throws Exception {
        try (Socket socket = startAndConnect()) {
            OutputStream out = socket.getOutputStream();
            CompletableFuture<Void> sent = CompletableFuture.runAsync(() -> {
                try {
                    out.write(("POST /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Amz-Target: Echo.Call\r\n"
                            + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    byte[] chunk = new byte[1024 * 1024];
                    for (int i = 0; i < 9; i++) {
                        out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                        out.write(chunk);
                        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                    }
                    out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                } catch (IOException closedByTheServer) {
                    // the edge may close the connection once it has answered
                }
            });

            String answer = RawHttp.readAnswer(socket.getInputStream());

            assertThat(answer).startsWith("HTTP/1.1 413").contains("more than " + RequestGuard.DEFAULT_MAX_BODY_BYTES);
            sent.get(30, TimeUnit.SECONDS);
        }
        assertThat(service.calls).hasValue(0);
    }

    @Test
    void jsonServicesRefuseBrowserSafeContentTypesButNotEmptyBodies() throws Exception {
        start(EdgeAccess.DEFAULT);
        service.json = true;

        for (String type : List.of("text/plain;charset=UTF-8", "application/x-www-form-urlencoded",
                "multipart/form-data; boundary=x")) {
            HttpResponse<String> response = send(HttpRequest.newBuilder(edge.endpoint().resolve("/echo"))
                    .header("X-Amz-Target", "Echo.Call").header("Content-Type", type)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"a\":1}")).build());

            assertThat(response.statusCode()).as(type).isEqualTo(415);
            assertThat(JSON.readTree(response.body()).get("__type").asText()).isEqualTo("UnsupportedMediaTypeException");
        }
        assertThat(service.calls).hasValue(0);

        HttpResponse<String> empty = send(HttpRequest.newBuilder(edge.endpoint().resolve("/echo"))
                .header("X-Amz-Target", "Echo.Call").header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.noBody()).build());
        HttpResponse<String> json = send(HttpRequest.newBuilder(edge.endpoint().resolve("/echo"))
                .header("X-Amz-Target", "Echo.Call").header("Content-Type", "application/x-amz-json-1.1")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build());

        assertThat(empty.statusCode()).isEqualTo(200);
        assertThat(json.statusCode()).isEqualTo(200);
    }

    @Test
    void malformedSettingsAreRefusedWithTheRule() {
        assertThatThrownBy(() -> new EdgeAccess(List.of("*"), false, List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("allowAnyOrigin()");
        assertThatThrownBy(() -> new EdgeAccess(List.of("localhost:3000"), false, List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("scheme://host[:port]").hasMessageContaining("(given localhost:3000)");
        assertThatThrownBy(() -> new EdgeAccess(List.of("http://localhost:3000/app"), false, List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new EdgeAccess(List.of(), false, List.of("devbox.lan:4566")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("without port");
    }

    @Test
    void settingsAreNormalisedAndParsedFromCommaSeparatedText() {
        EdgeAccess access = new EdgeAccess(List.of("HTTP://LocalHost:3000/", "https://app.example:443"), false,
                List.of("DevBox.Lan"));

        assertThat(access.allowedOrigins()).containsExactly("http://localhost:3000", "https://app.example");
        assertThat(access.allowedHosts()).containsExactly("devbox.lan");
        assertThat(EdgeAccess.parseList(" http://a.test, ,http://b.test:8080 ,")).containsExactly("http://a.test",
                "http://b.test:8080");
        assertThat(EdgeAccess.parseList(null)).isEmpty();
        assertThat(EdgeAccess.parseList("  ")).isEmpty();
    }

    /** A browser's preflight from {@code origin} for a POST to /echo. */
    private HttpRequest.Builder preflight(String origin) {
        return HttpRequest.newBuilder(edge.endpoint().resolve("/echo"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", origin)
                .header("Access-Control-Request-Method", "POST");
    }

    private HttpRequest post(String origin) {
        return HttpRequest.newBuilder(edge.endpoint().resolve("/echo"))
                .header("X-Amz-Target", "Echo.Call").header("Origin", origin)
                .header("Content-Type", "application/x-amz-json-1.1")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build();
    }

    private HttpResponse<String> send(HttpRequest request) throws Exception {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private String raw(String request) throws IOException {
        return RawHttp.exchange(edge.port(), request);
    }

    /** Counts the requests it handles; reads JSON when {@code json} is set. */
    private static final class RecordingService implements EdgeService {
        final AtomicInteger calls = new AtomicInteger();
        volatile boolean json;

        @Override
        public List<Claim> claims() {
            return List.of(Claim.target("Echo.Call"));
        }

        @Override
        public boolean readsJson(AwsRequest request) {
            return json;
        }

        @Override
        public AwsResponse handle(AwsRequest request) {
            calls.incrementAndGet();
            return AwsResponse.awsJson(200, "{\"seen\":" + request.body().length + "}");
        }
    }
}
