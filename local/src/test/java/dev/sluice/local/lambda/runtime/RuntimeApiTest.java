package dev.sluice.local.lambda.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.local.core.Json;
import dev.sluice.testing.Await;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One environment's Runtime API driven over HTTP as the runtime interface client drives it (with the token of
 * AWS_LAMBDA_RUNTIME_API) and as another local process would (without it).
 */
class RuntimeApiTest {

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private RuntimeApi api;
    private String runtime;   // what the RIC uses: http://127.0.0.1:<port>/<token>/2018-06-01/runtime/
    private String stranger;  // the same port without the token

    @BeforeEach
    void start() throws Exception {
        api = new RuntimeApi("fn", "arn:aws:lambda:us-east-1:000000000000:function:fn");
        runtime = "http://" + api.address() + "/2018-06-01/runtime/";
        stranger = "http://127.0.0.1:" + URI.create("http://" + api.address()).getPort() + "/2018-06-01/runtime/";
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void addressCarriesAnUnguessableToken() {
        assertThat(api.address()).matches("127\\.0\\.0\\.1:\\d+/[A-Za-z0-9_-]{43}");
        try (RuntimeApi other = newApi()) {
            assertThat(other.address()).isNotEqualTo(api.address());
        }
    }

    @Test
    void requestsWithoutTheTokenAreRefusedAndTakeNothing() throws Exception {
        Invocation invocation = invocation();
        api.offer(invocation);
        String wrongToken = runtime.replaceFirst("/[A-Za-z0-9_-]{43}/", "/" + "A".repeat(43) + "/");

        HttpResponse<String> next = get(stranger + "invocation/next");
        HttpResponse<String> guessed = get(wrongToken + "invocation/next");
        HttpResponse<String> forged = post(stranger + "invocation/" + invocation.requestId + "/response", "\"forged\"");

        assertThat(next.statusCode()).isEqualTo(403);
        assertThat(next.body()).contains("AccessDeniedException").doesNotContain(invocation.requestId);
        assertThat(guessed.statusCode()).isEqualTo(403);
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(api.ready).as("no runtime asked yet").isNotDone();

        HttpResponse<String> real = get(runtime + "invocation/next");
        assertThat(real.statusCode()).isEqualTo(200);
        assertThat(real.headers().firstValue("Lambda-Runtime-Aws-Request-Id")).hasValue(invocation.requestId);
        assertThat(post(runtime + "invocation/" + invocation.requestId + "/response", "\"real\"").statusCode())
                .isEqualTo(202);
        assertThat(invocation.result.get(10, TimeUnit.SECONDS).payloadText()).isEqualTo("\"real\"");
    }

    @Test
    void aSecondWaitingNextIsRefused() throws Exception {
        CompletableFuture<HttpResponse<String>> first = http.sendAsync(HttpRequest.newBuilder(
                URI.create(runtime + "invocation/next")).GET().build(), HttpResponse.BodyHandlers.ofString());
        Await.until("the first next waits", Duration.ofSeconds(10), api.ready::isDone);

        HttpResponse<String> second = get(runtime + "invocation/next");

        assertThat(second.statusCode()).isEqualTo(403);
        JsonNode error = Json.MAPPER.readTree(second.body());
        assertThat(error.get("errorType").asText()).isEqualTo("InvalidStateTransition");
        assertThat(error.get("errorMessage").asText()).contains("already waiting");

        Invocation invocation = invocation();
        api.offer(invocation);
        assertThat(first.get(10, TimeUnit.SECONDS).headers().firstValue("Lambda-Runtime-Aws-Request-Id"))
                .hasValue(invocation.requestId);
    }

    @Test
    void onlyTheInvocationHandedOutCanBeAnsweredAndOnlyOnce() throws Exception {
        Invocation first = invocation();
        Invocation queued = invocation();
        api.offer(first);
        api.offer(queued);
        assertThat(get(runtime + "invocation/next").statusCode()).isEqualTo(200);

        HttpResponse<String> notHandedOut = post(runtime + "invocation/" + queued.requestId + "/response", "\"x\"");
        HttpResponse<String> unknown = post(runtime + "invocation/" + UUID.randomUUID() + "/response", "\"x\"");
        HttpResponse<String> answered = post(runtime + "invocation/" + first.requestId + "/response", "\"ok\"");
        HttpResponse<String> again = post(runtime + "invocation/" + first.requestId + "/error", "{}");

        assertThat(notHandedOut.statusCode()).isEqualTo(400);
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(answered.statusCode()).isEqualTo(202);
        assertThat(again.statusCode()).isEqualTo(400);
        assertThat(first.result.get(10, TimeUnit.SECONDS).payloadText()).isEqualTo("\"ok\"");
        assertThat(queued.result).isNotDone();
    }

    @Test
    void responseOverSixMegabytesIsAFunctionErrorAndA413ForTheRuntime() throws Exception {
        Invocation invocation = invocation();
        api.offer(invocation);
        get(runtime + "invocation/next");

        HttpResponse<String> posted = post(runtime + "invocation/" + invocation.requestId + "/response",
                "\"" + "x".repeat(7_000_000) + "\"");

        assertThat(posted.statusCode()).isEqualTo(413);
        assertThat(posted.body()).contains("Exceeded maximum allowed payload size (6291556 bytes).");
        // The RIC then reports the failed post on /error: accepted, so that it goes on instead of exiting.
        assertThat(post(runtime + "invocation/" + invocation.requestId + "/error",
                "{\"errorMessage\":\"Failed to post invocation response\"}").statusCode()).isEqualTo(202);
        InvocationResult result = invocation.result.get(10, TimeUnit.SECONDS);
        assertThat(result.functionError()).isEqualTo("Unhandled");
        JsonNode error = Json.MAPPER.readTree(result.payload());
        assertThat(error.get("errorType").asText()).isEqualTo("Function.ResponseSizeTooLarge");
        assertThat(error.get("errorMessage").asText())
                .isEqualTo("Response payload size exceeded maximum allowed payload size (6291556 bytes).");
    }

    @Test
    void responseOfExactlyTheLimitPasses() throws Exception {
        Invocation invocation = invocation();
        api.offer(invocation);
        get(runtime + "invocation/next");
        String body = "\"" + "x".repeat(RuntimeApi.MAX_RESPONSE_BYTES - 2) + "\"";

        assertThat(post(runtime + "invocation/" + invocation.requestId + "/response", body).statusCode())
                .isEqualTo(202);
        assertThat(invocation.result.get(10, TimeUnit.SECONDS).payload()).hasSize(RuntimeApi.MAX_RESPONSE_BYTES);
    }

    private static RuntimeApi newApi() {
        try {
            return new RuntimeApi("other", "arn:aws:lambda:us-east-1:000000000000:function:other");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Invocation invocation() {
        return new Invocation(UUID.randomUUID().toString(), "{}".getBytes(StandardCharsets.UTF_8),
                System.currentTimeMillis() + 60_000);
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String url, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
