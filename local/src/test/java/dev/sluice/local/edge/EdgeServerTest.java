package dev.sluice.local.edge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.local.core.Json;
import dev.sluice.local.status.SluiceService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.UncheckedIOException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EdgeServerTest {

    private static final ObjectMapper JSON = Json.MAPPER;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private EdgeServer edge;

    @BeforeEach
    void startEdge() {
        edge = new EdgeServer("127.0.0.1", 0);
        edge.register(echo());
        edge.register(throwing());
        edge.register(new SluiceService(null, null, Clock.systemUTC())); // answers /_sluice/health
        edge.start();
    }

    @AfterEach
    void stopEdge() {
        edge.close();
    }

    /** The response's JSON body, once its status is {@code status}. */
    private static JsonNode json(HttpResponse<String> response, int status) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return JSON.readTree(response.body());
    }

    @Test
    void endpointNamesTheBoundPort() {
        assertThat(edge.port()).isPositive();
        assertThat(edge.endpoint()).isEqualTo(URI.create("http://127.0.0.1:" + edge.port()));
    }

    @Test
    void healthEndpointAnswersOk() throws Exception {
        assertThat(json(get("/_sluice/health"), 200).get("status").asText()).isEqualTo("ok");
    }

    @Test
    void unknownTargetIsAnAwsJsonError() throws Exception {
        JsonNode error = json(post("/", "AmazonSNS.Publish", "{}"), 400);
        assertThat(error.get("__type").asText()).isEqualTo("UnknownOperationException");
        assertThat(error.get("message").asText()).contains("AmazonSNS.Publish").contains("POST /");
    }

    @Test
    void unknownPathIsNamedInTheError() throws Exception {
        assertThat(json(get("/no/such/api"), 400).get("message").asText()).contains("GET /no/such/api");
    }

    @Test
    void acceptingServiceGetsTheWholeRequestWithLowerCaseHeaders() throws Exception {
        HttpResponse<String> response = post("/echo?a=1&b=2", "Echo.Call", "{\"hello\":\"world\"}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("x-echo-target")).hasValue("Echo.Call");
        assertThat(response.headers().firstValue("content-type")).hasValue(AwsResponse.AWS_JSON);
        JsonNode echoed = JSON.readTree(response.body());
        assertThat(echoed.get("method").asText()).isEqualTo("POST");
        assertThat(echoed.get("path").asText()).isEqualTo("/echo");
        assertThat(echoed.get("query").asText()).isEqualTo("a=1&b=2");
        assertThat(echoed.get("body").asText()).isEqualTo("{\"hello\":\"world\"}");
    }

    @Test
    void throwingServiceIsAnInternalFailureAndTheServerKeepsServing() throws Exception {
        JsonNode error = json(post("/", "Throw.Now", "{}"), 500);
        assertThat(error.get("__type").asText()).isEqualTo("InternalFailure");
        assertThat(error.get("message").asText()).contains("broken on purpose");

        assertThat(post("/echo", "Echo.Call", "again").statusCode()).isEqualTo(200);
        assertThat(get("/_sluice/health").statusCode()).isEqualTo(200);
    }

    @Test
    void manyConcurrentRequestsAreAllAnswered() throws Exception {
        int requests = 50;
        // Every request waits until all 50 are inside the server: passes only if they are served in parallel.
        edge.close();
        edge = new EdgeServer("127.0.0.1", 0);
        CountDownLatch allInside = new CountDownLatch(requests);
        edge.register(barrier(allInside));
        edge.start();

        List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            HttpRequest request = HttpRequest.newBuilder(edge.endpoint().resolve("/barrier/" + i))
                    .header("X-Amz-Target", "Barrier.Wait")
                    .POST(HttpRequest.BodyPublishers.ofString(Integer.toString(i)))
                    .build();
            responses.add(http.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
        }

        for (int i = 0; i < requests; i++) {
            HttpResponse<String> response = responses.get(i).get(30, TimeUnit.SECONDS);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo(Integer.toString(i));
        }
    }

    @Test
    void theMostSpecificClaimWinsWhateverTheOrderOfRegistration() throws Exception {
        edge.close();
        edge = new EdgeServer("127.0.0.1", 0);
        edge.register(named("signed", Claim.signingName("api")));
        edge.register(named("special", Claim.path("/api/special")));
        edge.register(named("api", Claim.path("/api")));
        edge.register(named("json", Claim.target("Api.")));
        edge.start();

        assertThat(get("/api/special/1").body()).isEqualTo("special");
        assertThat(get("/api/other").body()).isEqualTo("api");
        assertThat(post("/api/special/1", "Api.Call", "{}").body()).as("a target beats any path").isEqualTo("json");
        assertThat(http.send(HttpRequest.newBuilder(edge.endpoint().resolve("/elsewhere"))
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/api/aws4_request, "
                        + "SignedHeaders=host, Signature=0").GET().build(), HttpResponse.BodyHandlers.ofString()).body())
                .isEqualTo("signed");
        assertThat(post("/api/other", "Other.Call", "{}").statusCode()).as("a target names its service alone")
                .isEqualTo(400);
    }

    @Test
    void twoServicesMakingTheSameClaimAreRefused() {
        try (EdgeServer unstarted = new EdgeServer("127.0.0.1", 0)) {
            unstarted.register(echo());

            assertThatThrownBy(() -> unstarted.register(named("echo again", Claim.target("Echo.Call"))))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("ambiguous claims").hasMessageContaining("X-Amz-Target Echo.Call*");
        }
    }

    @Test
    void busyPortIsAClearError() {
        assertThatThrownBy(() -> new EdgeServer("127.0.0.1", edge.port()))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("127.0.0.1:" + edge.port());
    }

    @Test
    void invalidPortNamesTheLimit() {
        assertThatThrownBy(() -> new EdgeServer("127.0.0.1", 70000))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("port must be between 0 and 65535 (given 70000)");
    }

    @Test
    void closeIsIdempotentAndReleasesThePort() {
        int port = edge.port();
        edge.close();
        edge.close();

        try (EdgeServer again = new EdgeServer("127.0.0.1", port)) {
            assertThat(again.port()).isEqualTo(port);
        }
    }

    @Test
    void postsOfUrlConnectionClientsCloseTheConnectionAfterTheResponse() throws Exception {
        for (String agent : List.of("aws-sdk-java/2.57.8 md/io#sync md/http#UrlConnection ua/2.1 api/Lambda#2.57.x",
                "Java/17.0.15")) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(edge.endpoint().resolve("/echo"))
                    .header("X-Amz-Target", "Echo.Call").header("User-Agent", agent)
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("connection")).as(agent).hasValue("close");
        }
    }

    @Test
    void otherClientsAndGetsKeepTheirConnection() throws Exception {
        HttpResponse<String> cli = http.send(HttpRequest.newBuilder(edge.endpoint().resolve("/echo"))
                .header("X-Amz-Target", "Echo.Call").header("User-Agent", "aws-cli/1.45.0 Python/3.11.2")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> health = http.send(HttpRequest.newBuilder(edge.endpoint().resolve("/_sluice/health"))
                .header("User-Agent", "Java/17.0.15").GET().build(), HttpResponse.BodyHandlers.ofString());

        assertThat(cli.statusCode()).isEqualTo(200);
        assertThat(cli.headers().firstValue("connection")).isNotEqualTo(java.util.Optional.of("close"));
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.headers().firstValue("connection")).isNotEqualTo(java.util.Optional.of("close"));
    }

    @Test
    void streamingPostsOfHttpUrlConnectionAreAnsweredOneAfterAnother() throws Exception {
        // The JDK client opens a new connection for each of them after the edge closed the last one.
        for (int i = 0; i < 5; i++) {
            byte[] body = ("{\"n\":" + i + "}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
            var connection = (java.net.HttpURLConnection) edge.endpoint().resolve("/echo").toURL().openConnection();
            connection.setRequestMethod("POST");
            connection.setRequestProperty("X-Amz-Target", "Echo.Call");
            connection.setDoOutput(true);
            connection.setFixedLengthStreamingMode(body.length);
            try (var out = connection.getOutputStream()) {
                out.write(body);
            }
            assertThat(connection.getResponseCode()).isEqualTo(200);
            assertThat(connection.getHeaderField("Connection")).isEqualTo("close");
            try (var in = connection.getInputStream()) {
                assertThat(JSON.readTree(in).get("body").asText()).isEqualTo("{\"n\":" + i + "}");
            }
        }
    }

    @Test
    void tcpNoDelayIsRequestedBeforeTheFirstServerIsCreated() {
        assertThat(System.getProperty("sun.net.httpserver.nodelay")).isEqualTo("true");
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(edge.endpoint().resolve(path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String target, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(edge.endpoint().resolve(path))
                .header("X-Amz-Target", target)
                .header("Content-Type", "application/x-amz-json-1.1")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** A service claiming {@code claim} and answering with {@code handler}. */
    private record FakeService(Claim claim, Handler handler) implements EdgeService {
        interface Handler {
            AwsResponse handle(AwsRequest request) throws Exception;
        }

        @Override
        public List<Claim> claims() {
            return List.of(claim);
        }

        @Override
        public AwsResponse handle(AwsRequest request) throws Exception {
            return handler.handle(request);
        }
    }

    /** Answers with its name. */
    private static FakeService named(String name, Claim claim) {
        return new FakeService(claim, request -> new AwsResponse(200, "text/plain",
                name.getBytes(java.nio.charset.StandardCharsets.UTF_8), java.util.Map.of()));
    }

    /** Answers with what it received. */
    private static FakeService echo() {
        return new FakeService(Claim.target("Echo.Call"), request -> {
            var echoed = JSON.createObjectNode()
                    .put("method", request.method())
                    .put("path", request.path())
                    .put("query", request.rawQuery())
                    .put("body", request.bodyText());
            return AwsResponse.awsJson(200, echoed.toString()).withHeader("x-echo-target", request.header("X-Amz-Target"));
        });
    }

    private static FakeService throwing() {
        return new FakeService(Claim.target("Throw.Now"), request -> {
            throw new IllegalStateException("broken on purpose");
        });
    }

    /** Holds every request until {@code allInside} requests are being handled at once. */
    private static FakeService barrier(CountDownLatch allInside) {
        return new FakeService(Claim.target("Barrier.Wait"), request -> {
            allInside.countDown();
            if (!allInside.await(20, TimeUnit.SECONDS)) {
                return AwsResponse.json(503, "{\"message\":\"not all requests arrived together\"}");
            }
            return new AwsResponse(200, "text/plain", request.body(), java.util.Map.of());
        });
    }
}
