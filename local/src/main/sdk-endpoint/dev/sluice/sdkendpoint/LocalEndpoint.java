package dev.sluice.sdkendpoint;

import java.net.URI;

/**
 * Where a function's AWS calls go: {@code AWS_ENDPOINT_URL}, which the local cloud gives every function. Compiled for
 * Java 8 and copied into the function's {@code lib/} with the two classes that use it, so it runs on every Java
 * runtime and loads beside the function's own AWS SDK.
 */
final class LocalEndpoint {

    private LocalEndpoint() {
    }

    /** The local cloud's endpoint; without one the call fails here rather than go to a real AWS host. */
    static URI uri() {
        String url = System.getenv("AWS_ENDPOINT_URL");
        if (url == null || url.trim().isEmpty()) {
            throw new IllegalStateException("sluice: AWS_ENDPOINT_URL is not set in this function, so its AWS call"
                    + " is refused rather than sent to a real AWS host");
        }
        URI uri = URI.create(url.trim());
        if (uri.getScheme() == null || uri.getHost() == null) {
            throw new IllegalStateException("sluice: AWS_ENDPOINT_URL is not an http(s) URL with a host (given " + url
                    + "), so the AWS call is refused rather than sent to a real AWS host");
        }
        return uri;
    }
}
