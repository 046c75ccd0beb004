package dev.sluice.local.edge;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** One HTTP request as it reached the edge endpoint. Header names are lower-case. */
public record AwsRequest(String method, String path, String rawQuery,
                         Map<String, List<String>> headers, byte[] body) {

    /** The first value of a header, or null. */
    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** The {@code X-Amz-Target} header (e.g. {@code AWSEvents.PutEvents}), or null. */
    public String target() {
        return header("x-amz-target");
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
