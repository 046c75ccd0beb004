package dev.sluice.local.edge;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** One HTTP response from a service behind the edge. */
public record AwsResponse(int status, String contentType, byte[] body, Map<String, String> headers) {

    public static final String AWS_JSON = "application/x-amz-json-1.1";

    private static final ObjectMapper JSON = new ObjectMapper();

    public static AwsResponse json(int status, String json) {
        return new AwsResponse(status, "application/json", json.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    public static AwsResponse awsJson(int status, String json) {
        return new AwsResponse(status, AWS_JSON, json.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    /**
     * An error as AWS JSON and REST-JSON clients read it: {@code {"__type": type, "message": message}} and the
     * {@code x-amzn-ErrorType} header.
     */
    public static AwsResponse error(int status, String type, String message) {
        String body = JSON.createObjectNode().put("__type", type).put("message", message).toString();
        return awsJson(status, body).withHeader("x-amzn-ErrorType", type);
    }

    public AwsResponse withHeader(String name, String value) {
        var all = new java.util.LinkedHashMap<>(headers);
        all.put(name, value);
        return new AwsResponse(status, contentType, body, Map.copyOf(all));
    }
}
