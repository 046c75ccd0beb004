package dev.sluice.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.local.core.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Requests to the local cloud's own API ({@code /_sluice/...}: status, faults, rule triggers), which has no SDK client.
 * Each command decides what a missing or foreign endpoint means for it; this only sends and reads.
 */
final class LocalCloudApi {

    private LocalCloudApi() {
    }

    /** One request with a JSON body (null for none), connecting and answering within {@code timeout}. */
    static HttpResponse<String> send(URI uri, String method, String json, Duration timeout)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout)
                .header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json))
                .build();
        return HttpClient.newBuilder().connectTimeout(timeout).build()
                .send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** The answer as JSON, or null when it is not JSON. */
    static JsonNode json(String body) {
        try {
            return Json.MAPPER.readTree(body);
        } catch (IOException notJson) {
            return null;
        }
    }

    /** An error answer's message ({@code message} or {@code Message}), or null when it has none. */
    static String errorMessage(String body) {
        JsonNode json = json(body);
        if (json == null) {
            return null;
        }
        JsonNode message = json.has("Message") ? json.get("Message") : json.get("message");
        return message == null ? null : message.asText();
    }
}
