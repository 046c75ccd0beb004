package dev.sluice.local.edge;

import java.util.Locale;
import java.util.Objects;

/**
 * One way a service recognises its requests, as data: the edge routes every request to the service with the most
 * specific matching claim, so the order services are registered in does not matter, and two services claiming the
 * same thing fail at registration.
 *
 * <p>Kinds, most specific first: {@link Kind#TARGET} (the {@code X-Amz-Target} header of AWS JSON protocols names the
 * service), {@link Kind#QUERY_API} (a Query protocol request names its API version), {@link Kind#PATH} (REST paths;
 * a longer prefix beats a shorter one), {@link Kind#SIGNING_NAME} (the service in a SigV4 credential scope). A request
 * that carries {@code X-Amz-Target} is routed by its target alone.
 *
 * @param kind         what is compared
 * @param value        the target prefix, API version, path prefix or signing name
 * @param xmlNamespace for {@link Kind#QUERY_API}: the namespace of the service's XML answers (errors included)
 */
public record Claim(Kind kind, String value, String xmlNamespace) {

    /** What a claim compares; declared most specific first. */
    public enum Kind { TARGET, QUERY_API, PATH, SIGNING_NAME }

    public Claim {
        Objects.requireNonNull(kind, "kind");
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("a claim needs a value");
        }
    }

    /** Requests whose {@code X-Amz-Target} starts with {@code prefix}, e.g. {@code AWSEvents.} (AWS JSON). */
    public static Claim target(String prefix) {
        return new Claim(Kind.TARGET, prefix, null);
    }

    /**
     * Query protocol requests ({@code Action=...}, form-encoded or in the query string) with {@code Version=version};
     * error answers are XML in {@code xmlNamespace}.
     */
    public static Claim queryApi(String version, String xmlNamespace) {
        return new Claim(Kind.QUERY_API, version, Objects.requireNonNull(xmlNamespace, "xmlNamespace"));
    }

    /** Requests whose path starts with {@code prefix} (REST protocols). */
    public static Claim path(String prefix) {
        return new Claim(Kind.PATH, prefix, null);
    }

    /** SigV4-signed requests whose credential scope names {@code service}, e.g. {@code sqs}. */
    public static Claim signingName(String service) {
        return new Claim(Kind.SIGNING_NAME, service.toLowerCase(Locale.ROOT), null);
    }

    /** True when this claim covers {@code request}. */
    public boolean matches(AwsRequest request) {
        String target = request.target();
        if (target != null) {
            return kind == Kind.TARGET && target.startsWith(value);
        }
        return switch (kind) {
            case TARGET -> false;
            case QUERY_API -> request.queryAction() != null && value.equals(request.queryParameter("Version"));
            case PATH -> request.path().startsWith(value);
            case SIGNING_NAME -> value.equals(request.signingName());
        };
    }

    /** Positive when this claim is more specific than {@code other} (both matching one request). */
    int compareSpecificity(Claim other) {
        if (kind != other.kind) {
            return other.kind.ordinal() - kind.ordinal();
        }
        return value.length() - other.value.length();
    }

    /** Two claims that would cover exactly the same requests. */
    boolean sameAs(Claim other) {
        return kind == other.kind && value.equals(other.value);
    }

    @Override
    public String toString() {
        return switch (kind) {
            case TARGET -> "X-Amz-Target " + value + "*";
            case QUERY_API -> "Query API version " + value;
            case PATH -> "path " + value + "*";
            case SIGNING_NAME -> "SigV4 service " + value;
        };
    }
}
