package dev.sluice.local.edge;

import java.net.InetAddress;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The checks every request passes at the edge before a service sees it: the size of its headers, its {@code Host}
 * (DNS rebinding), its {@code Origin} or {@code Sec-Fetch-Site} (pages of other sites), the size of its body, and,
 * for services whose bodies are JSON, its content type. Each refusal is an {@link AwsError} (the edge writes it as
 * AWS JSON) that names the problem, the limit and the way out. See local/README.md, "Security".
 */
public final class RequestGuard {

    /** Header fields counted as the JDK server and HTTP/2 count them: name + value + 32 bytes each. */
    public static final int MAX_HEADER_BYTES = 64 * 1024;
    /** Distinct header names; the JDK server's own default limit, answered here with 431 instead of a reset. */
    public static final int MAX_HEADER_NAMES = 200;
    /**
     * Body limit of every request a service does not raise it for: above AWS's largest other requests (Invoke 6 MB;
     * SQS and EventBridge 1 MB, up to 3x that once JSON-escaped or form-encoded).
     */
    public static final long DEFAULT_MAX_BODY_BYTES = 8L * 1024 * 1024;
    /** Content types a browser sends to any origin without a preflight (the Fetch standard's CORS-safelisted ones). */
    static final Set<String> BROWSER_SAFE_TYPES = Set.of("text/plain", "application/x-www-form-urlencoded",
            "multipart/form-data");

    private static final Logger LOG = LoggerFactory.getLogger(RequestGuard.class);
    /** Each kind of refusal is logged at warn once (per origin, host, ...), then at debug: a page may retry forever. */
    private static final int WARNED_KEYS = 256;

    private final HostPolicy hosts;
    private final OriginPolicy origins;
    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    RequestGuard(EdgeAccess access, String boundHost, InetAddress boundAddress, int port) {
        this.hosts = new HostPolicy(boundHost, boundAddress, access.allowedHosts());
        this.origins = new OriginPolicy(access, hosts, port);
    }

    /** Header size, {@code Host} and origin; returns when the request may go on. The body has not been read. */
    void checkHead(AwsRequest head) {
        long bytes = 0;
        for (Map.Entry<String, List<String>> header : head.headers().entrySet()) {
            for (String value : header.getValue()) {
                bytes += header.getKey().length() + value.length() + 32;
            }
        }
        if (bytes > MAX_HEADER_BYTES || head.headers().size() > MAX_HEADER_NAMES) {
            refused("headers", head, bytes + " header bytes, " + head.headers().size() + " names");
            throw new AwsError(431, "RequestHeaderFieldsTooLarge", "Request headers of " + bytes + " bytes in "
                    + head.headers().size() + " names exceed the local cloud's limit of " + MAX_HEADER_BYTES
                    + " bytes (name + value + 32 per field) or " + MAX_HEADER_NAMES + " names")
                    .withHeader("Connection", "close");
        }
        String host = head.header("host");
        if (!hosts.allows(host)) {
            String name = shorten(HostPolicy.hostName(host));
            refused("host " + name, head, "Host " + name);
            throw new AwsError(403, "AccessDeniedException", "Host " + name + " is not served: the local cloud"
                    + " answers only " + String.join(", ", hosts.describe()) + ", so that a web page cannot reach"
                    + " it through a DNS name its author controls (DNS rebinding). To serve " + name + ", add it with"
                    + " LocalCloud.builder().allowedHosts(...) (sluice local up --allowed-host " + name + ")");
        }
        String foreign = origins.foreign(head);
        if (foreign != null) {
            String what = shorten(foreign);
            refused(what, head, what);
            throw new AwsError(403, "AccessDeniedException", "Refused " + what + ": a page of another site"
                    + " could create and run functions on this machine through the local cloud. "
                    + wayOut(head.header("origin")) + " allowAnyOrigin() (--allow-any-origin) turns this check off.");
        }
    }

    /** How to let a refused origin in, when it can be listed. */
    private static String wayOut(String origin) {
        if (origin == null) {
            return "To open the dashboard, type its address instead of following a link.";
        }
        if (EdgeAccess.normalizeOrigin(origin) == null) {
            return "An opaque origin (a sandboxed frame, a file: page) cannot be listed.";
        }
        return "If that page is yours, allow its origin with LocalCloud.builder().allowedOrigins(...)"
                + " (sluice local up --allowed-origin " + shorten(origin) + ").";
    }

    /** True for a CORS preflight ({@code OPTIONS} with {@code Origin} and {@code Access-Control-Request-Method}). */
    boolean isPreflight(AwsRequest head) {
        return OriginPolicy.isPreflight(head);
    }

    /** The answer to a preflight that passed {@link #checkHead}. */
    AwsResponse preflight(AwsRequest head) {
        return origins.preflight(head);
    }

    /** {@code response} with CORS headers when the request came from an allowed origin. */
    AwsResponse withCors(AwsResponse response, AwsRequest head) {
        return origins.withCors(response, head);
    }

    /**
     * The 413 answer for a body over {@code limit}, of {@code size} bytes (declared) or more than the limit (read
     * while chunked).
     */
    AwsError tooLarge(AwsRequest head, long limit, Long size) {
        String what = size == null ? "more than " + limit + " bytes" : size + " bytes";
        refused("body " + head.method() + " " + head.path(), head, what);
        return new AwsError(413, "RequestEntityTooLargeException", "Request body of " + what + " exceeds the"
                + " local cloud's limit of " + limit + " bytes for " + head.method() + " " + shorten(head.path()))
                .withHeader("Connection", "close");
    }

    /**
     * For a service that reads JSON: a non-empty body sent as {@code text/plain}, a form or multipart is refused
     * (415), since a browser sends those to any origin without asking first. Empty bodies pass: the SDK's
     * url-connection client posts a body-less Invoke as a form, and an empty body carries nothing.
     */
    void checkJsonContentType(AwsRequest request) {
        if (request.body() == null || request.body().length == 0) {
            return;
        }
        String type = mediaType(request.header("content-type"));
        if (type == null || !BROWSER_SAFE_TYPES.contains(type)) {
            return;
        }
        refused("content-type " + type, request, "Content-Type " + type);
        throw new AwsError(415, "UnsupportedMediaTypeException", "Content-Type " + type + " is not accepted"
                + " for " + request.method() + " " + shorten(request.path()) + ": browsers send it from any page"
                + " without asking first. Send the JSON as application/json (curl: -H 'Content-Type:"
                + " application/json').");
    }

    /** The media type of a Content-Type value, lower case without parameters: {@code text/plain;charset=UTF-8} -> {@code text/plain}. */
    static String mediaType(String contentType) {
        if (contentType == null) {
            return null;
        }
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }

    private void refused(String key, AwsRequest head, String what) {
        if (warned.size() < WARNED_KEYS && warned.add(key)) {
            LOG.warn("Refused {} {}: {} (further refusals of this kind are logged at debug)", head.method(),
                    shorten(head.path()), what);
        } else {
            LOG.debug("Refused {} {}: {}", head.method(), shorten(head.path()), what);
        }
    }

    /** Header values go into messages and logs: keep them short. */
    private static String shorten(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }
}
