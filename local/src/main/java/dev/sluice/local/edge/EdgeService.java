package dev.sluice.local.edge;

/**
 * One AWS service behind the edge endpoint (SQS, EventBridge, Lambda). The edge asks each service in turn
 * whether it accepts a request (by {@code X-Amz-Target} prefix or REST path) and hands it to the first that does.
 */
public interface EdgeService {

    /** True when this service owns the request (decided from target header and path only, never the body). */
    boolean accepts(AwsRequest request);

    /** Handles the request; domain errors become AWS-shaped error responses here, at the edge. */
    AwsResponse handle(AwsRequest request) throws Exception;

    /**
     * True when this request's body is JSON (AWS JSON and REST-JSON protocols): the edge then refuses a non-empty
     * body sent as {@code text/plain}, a form or multipart, which any web page can send without a CORS preflight.
     * Default: false (the service takes any body).
     */
    default boolean readsJson(AwsRequest request) {
        return false;
    }

    /**
     * A larger body limit than {@link RequestGuard#DEFAULT_MAX_BODY_BYTES} for the requests this service recognises
     * by their head (method, path, headers; {@code head.body()} is empty, the body is not read yet), or 0 for the
     * default. Lambda raises it for code uploads.
     */
    default long maxBodyBytes(AwsRequest head) {
        return 0;
    }
}
