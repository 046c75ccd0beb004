package dev.sluice.local.edge;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which browser origins may call the edge, and the CORS answers they get. Browsers let any page send requests to
 * 127.0.0.1 (a form post, a no-cors fetch, an image), only hiding the answer; those requests carry the page's
 * {@code Origin} (or at least {@code Sec-Fetch-Site}), so a request from a foreign page is refused before any service
 * acts on it. Tools (SDKs, the AWS CLI, curl) send neither header and are not affected.
 */
record OriginPolicy(EdgeAccess access, HostPolicy hosts, int port) {

    private static final String METHODS = "GET, HEAD, POST, PUT, PATCH, DELETE";
    /** Response headers AWS clients read; a browser hides every other one from the page. */
    private static final String EXPOSED = String.join(", ", List.of("x-amzn-RequestId", "x-amzn-ErrorType",
            "x-amz-request-id", "x-amz-function-error", "x-amz-executed-version", "x-amz-log-result",
            "x-amzn-query-error", "x-amz-crc32", "x-amzn-Remapped-Content-Length"));
    private static final Set<String> CROSS = Set.of("cross-site", "same-site");

    /** Null when the request may proceed, else what makes it foreign (for the 403 message). */
    String foreign(AwsRequest head) {
        if (access.anyOrigin()) {
            return null;
        }
        String origin = head.header("origin");
        if (origin != null) {
            return allowed(origin) ? null : "origin " + origin;
        }
        // Navigations and no-cors GETs (links, images, scripts) carry no Origin; the browser still says where from.
        String site = head.header("sec-fetch-site");
        if (site != null && CROSS.contains(site.toLowerCase(Locale.ROOT))) {
            return "a " + site.toLowerCase(Locale.ROOT) + " browser request (Sec-Fetch-Site: " + site + ", no Origin)";
        }
        return null;
    }

    /** The request's origin when it is allowed and the answer should carry CORS headers, else null. */
    String corsOrigin(AwsRequest head) {
        String origin = head.header("origin");
        return origin != null && (access.anyOrigin() || allowed(origin)) ? origin : null;
    }

    /** A CORS preflight: {@code OPTIONS} with {@code Origin} and {@code Access-Control-Request-Method}. */
    static boolean isPreflight(AwsRequest head) {
        return head.method().equals("OPTIONS") && head.header("origin") != null
                && head.header("access-control-request-method") != null;
    }

    /** The answer to a preflight from an allowed origin: every method and the headers asked for, cached 10 minutes. */
    AwsResponse preflight(AwsRequest head) {
        AwsResponse response = withCors(new AwsResponse(204, null, new byte[0], java.util.Map.of()), head)
                .withHeader("Access-Control-Allow-Methods", METHODS)
                .withHeader("Access-Control-Max-Age", "600")
                .withHeader("Vary", "Origin, Access-Control-Request-Method, Access-Control-Request-Headers");
        String requested = head.header("access-control-request-headers");
        if (requested != null && !requested.isBlank()) {
            response = response.withHeader("Access-Control-Allow-Headers", requested);
        }
        // Chrome's Private Network Access: a public page asks before it may reach a loopback address.
        if ("true".equalsIgnoreCase(head.header("access-control-request-private-network"))) {
            response = response.withHeader("Access-Control-Allow-Private-Network", "true");
        }
        return response;
    }

    /** {@code response} with {@code Access-Control-Allow-Origin} when the request came from an allowed origin. */
    AwsResponse withCors(AwsResponse response, AwsRequest head) {
        String origin = corsOrigin(head);
        if (origin == null) {
            return response;
        }
        return response.withHeader("Access-Control-Allow-Origin", origin)
                .withHeader("Access-Control-Expose-Headers", EXPOSED)
                .withHeader("Vary", "Origin");
    }

    private boolean allowed(String origin) {
        String normalized = EdgeAccess.normalizeOrigin(origin);
        return normalized != null && (own(normalized) || access.allowedOrigins().contains(normalized));
    }

    /** The edge's own origin: http on its port under a host name it serves (the dashboard page's origin). */
    private boolean own(String origin) {
        URI uri = URI.create(origin);
        int originPort = uri.getPort() == -1 ? 80 : uri.getPort(); // normalised origins drop the default port
        return uri.getScheme().equals("http") && originPort == port && hosts.allowsName(uri.getHost());
    }
}
