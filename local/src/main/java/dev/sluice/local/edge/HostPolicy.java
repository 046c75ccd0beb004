package dev.sluice.local.edge;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The {@code Host} names the edge serves. A page on a DNS name its author controls can make that name resolve to
 * 127.0.0.1 after loading (DNS rebinding) and then read and drive the edge as its own origin; the {@code Host} header
 * still carries the author's name, so serving loopback names only closes that door.
 */
final class HostPolicy {

    /** Served by every edge; {@code *.localhost} names resolve to loopback in browsers (RFC 6761). */
    static final List<String> LOOPBACK = List.of("127.0.0.1", "localhost", "[::1]", "*.localhost");

    private final Set<String> names = new LinkedHashSet<>();
    private final List<String> suffixes = new ArrayList<>();

    /**
     * @param boundHost    the host the edge was asked to bind (a name or address literal)
     * @param boundAddress the address it is bound to; a wildcard address adds nothing
     * @param extra        more names from {@link EdgeAccess#allowedHosts()} ({@code *.suffix} allowed)
     */
    HostPolicy(String boundHost, InetAddress boundAddress, List<String> extra) {
        List<String> all = new ArrayList<>(LOOPBACK);
        if (!boundAddress.isAnyLocalAddress()) {
            all.add(literal(boundHost));
            all.add(literal(boundAddress.getHostAddress()));
        }
        all.addAll(extra);
        for (String name : all) {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.startsWith("*.")) {
                suffixes.add(lower.substring(1)); // ".localhost"
            } else {
                names.add(lower);
            }
        }
    }

    /** True for a served {@code Host} header value ({@code localhost:4566}, {@code [::1]:4566}) or no header at all. */
    boolean allows(String hostHeader) {
        return hostHeader == null || allowsName(hostName(hostHeader));
    }

    /** True for a served host name without port, e.g. {@code localhost} or {@code [::1]}. */
    boolean allowsName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (names.contains(lower)) {
            return true;
        }
        for (String suffix : suffixes) {
            if (lower.endsWith(suffix) && lower.length() > suffix.length()) {
                return true;
            }
        }
        return false;
    }

    /** The names served, for error messages. */
    List<String> describe() {
        List<String> all = new ArrayList<>(names);
        suffixes.forEach(suffix -> all.add("*" + suffix));
        return all;
    }

    /** The host of a {@code Host} header value, without port: {@code [::1]:4566} -> {@code [::1]}. */
    static String hostName(String hostHeader) {
        String value = hostHeader.trim();
        if (value.startsWith("[")) {
            int end = value.indexOf(']');
            return end < 0 ? value : value.substring(0, end + 1);
        }
        int colon = value.lastIndexOf(':');
        if (colon >= 0 && value.indexOf(':') == colon && value.substring(colon + 1).chars().allMatch(Character::isDigit)) {
            return value.substring(0, colon);
        }
        return value;
    }

    /** An IPv6 literal in the bracketed form a Host header uses. */
    private static String literal(String host) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }
}
