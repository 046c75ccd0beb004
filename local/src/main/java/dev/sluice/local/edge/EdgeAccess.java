package dev.sluice.local.edge;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Who may call the edge beyond its own defaults. The edge always serves the loopback host names ({@code 127.0.0.1},
 * {@code localhost}, {@code [::1]}, {@code *.localhost}) and the host it is bound to, and always allows its own
 * origin ({@code http://<one of those names>:<port>}, which is where the dashboard page comes from).
 *
 * @param allowedOrigins more browser origins allowed to call the edge, each {@code scheme://host[:port]}
 *                       (e.g. {@code http://localhost:3000}); stored normalised (lower case, default port dropped)
 * @param anyOrigin      allow every origin: the explicit opt-out of the cross-origin checks, for calling the local
 *                       cloud from a web app whose origin is not known in advance
 * @param allowedHosts   more {@code Host} names to serve, e.g. {@code devbox.lan} or {@code *.test}; stored in
 *                       lower case
 */
public record EdgeAccess(List<String> allowedOrigins, boolean anyOrigin, List<String> allowedHosts) {

    /** Only the edge's own origin and the loopback host names. */
    public static final EdgeAccess DEFAULT = new EdgeAccess(List.of(), false, List.of());

    public EdgeAccess {
        allowedOrigins = allowedOrigins.stream().map(EdgeAccess::origin).distinct().toList();
        allowedHosts = allowedHosts.stream().map(EdgeAccess::hostName).distinct().toList();
    }

    /**
     * Splits a comma-separated setting ({@code "http://localhost:3000, https://app.test"}, as in an environment
     * variable or a CLI option) into its trimmed, non-empty parts; null or blank gives an empty list.
     */
    public static List<String> parseList(String commaSeparated) {
        if (commaSeparated == null || commaSeparated.isBlank()) {
            return List.of();
        }
        return Arrays.stream(commaSeparated.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    /**
     * An origin as browsers send it in the {@code Origin} header: {@code scheme://host[:port]}, lower case, without
     * the scheme's default port or a trailing slash; null if {@code value} is not one (e.g. {@code null}).
     */
    static String normalizeOrigin(String value) {
        if (value == null) {
            return null;
        }
        String text = value.trim();
        if (text.endsWith("/")) {
            text = text.substring(0, text.length() - 1);
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            return null;
        }
        if (uri.getScheme() == null || uri.getHost() == null || uri.getRawUserInfo() != null
                || !(uri.getRawPath() == null || uri.getRawPath().isEmpty())
                || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            return null;
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        int port = uri.getPort();
        boolean defaultPort = port == -1 || scheme.equals("http") && port == 80 || scheme.equals("https") && port == 443;
        return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
    }

    private static String origin(String value) {
        if (value != null && (value.trim().equals("*") || value.trim().equalsIgnoreCase("null"))) {
            throw new IllegalArgumentException("allowed origin '" + value.trim() + "' is not an origin; to allow every"
                    + " origin, use allowAnyOrigin() (sluice local up --allow-any-origin)");
        }
        String origin = normalizeOrigin(value);
        if (origin == null) {
            throw new IllegalArgumentException("allowed origin must look like scheme://host[:port], e.g."
                    + " http://localhost:3000 (given " + value + ")");
        }
        return origin;
    }

    private static String hostName(String value) {
        String host = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        String name = host.startsWith("*.") ? host.substring(2) : host;
        boolean ipv6 = name.startsWith("[") && name.endsWith("]") && name.length() > 2;
        if (!ipv6 && !name.matches("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*")) {
            throw new IllegalArgumentException("allowed host must be a host name without port, e.g. devbox.lan,"
                    + " *.test or [fd00::1] (given " + value + ")");
        }
        return host;
    }
}
