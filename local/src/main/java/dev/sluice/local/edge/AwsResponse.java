package dev.sluice.local.edge;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** One HTTP response from a service behind the edge (errors are {@link AwsError}s, written by the edge). */
public record AwsResponse(int status, String contentType, byte[] body, Map<String, String> headers) {

    public static final String AWS_JSON = "application/x-amz-json-1.1";

    public static AwsResponse json(int status, String json) {
        return new AwsResponse(status, "application/json", json.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    public static AwsResponse awsJson(int status, String json) {
        return new AwsResponse(status, AWS_JSON, json.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    public AwsResponse withHeader(String name, String value) {
        var all = new java.util.LinkedHashMap<>(headers);
        all.put(name, value);
        return new AwsResponse(status, contentType, body, Map.copyOf(all));
    }
}
