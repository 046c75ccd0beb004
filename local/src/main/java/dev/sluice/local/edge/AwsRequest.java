package dev.sluice.local.edge;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** One HTTP request as it reached the edge endpoint. Header names are lower-case. */
public record AwsRequest(String method, String path, String rawQuery,
                         Map<String, List<String>> headers, byte[] body) {

    private static final String FORM = "application/x-www-form-urlencoded";

    /** The first value of a header, or null. */
    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** The {@code X-Amz-Target} header (e.g. {@code AWSEvents.PutEvents}), or null. */
    public String target() {
        return header("x-amz-target");
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The Query protocol action ({@code Action=...}), or null when this is no Query request. */
    public String queryAction() {
        return queryParameter("Action");
    }

    /**
     * A Query protocol parameter, decoded: from a form-encoded body, else from the query string; null when absent.
     * Only the named parameter is decoded, so a large form (a message body) is not copied.
     */
    public String queryParameter(String name) {
        String contentType = header("content-type");
        if (contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith(FORM) && body.length > 0) {
            String value = parameter(bodyText(), name);
            if (value != null) {
                return value;
            }
        }
        return rawQuery == null ? null : parameter(rawQuery, name);
    }

    /**
     * The service of the SigV4 credential scope ({@code Authorization: AWS4-HMAC-SHA256
     * Credential=AKID/20240101/us-east-1/sqs/aws4_request, ...}), lower case; null when the request is not signed.
     */
    public String signingName() {
        String authorization = header("authorization");
        if (authorization == null) {
            return null;
        }
        int start = authorization.indexOf("Credential=");
        if (start < 0) {
            return null;
        }
        int end = authorization.indexOf(',', start);
        String credential = authorization.substring(start + "Credential=".length(),
                end < 0 ? authorization.length() : end).trim();
        String[] parts = credential.split("/");
        return parts.length == 5 ? parts[3].toLowerCase(Locale.ROOT) : null;
    }

    private static String parameter(String form, String name) {
        int from = 0;
        while (from <= form.length()) {
            int end = form.indexOf('&', from);
            if (end < 0) {
                end = form.length();
            }
            if (form.startsWith(name, from) && from + name.length() < end && form.charAt(from + name.length()) == '=') {
                return URLDecoder.decode(form.substring(from + name.length() + 1, end), StandardCharsets.UTF_8);
            }
            from = end + 1;
        }
        return null;
    }
}
