package dev.sluice.local.edge;

import java.util.List;

/**
 * One service behind the edge endpoint (SQS, EventBridge, Lambda, Sluice's own {@code /_sluice} pages). It says which
 * requests are its own as data ({@link #claims()}); the edge hands each request to the service with the most
 * specific matching claim (see {@link Claim}).
 */
public interface EdgeService {

    /** The requests this service answers; read once, when the service is registered. */
    List<Claim> claims();

    /** Handles the request; an exception becomes a 500 {@code InternalFailure}. */
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
