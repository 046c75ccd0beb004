package dev.sluice.sdkendpoint;

import com.amazonaws.Request;
import com.amazonaws.handlers.RequestHandler2;

/**
 * AWS SDK for Java v1 global request handler (listed in {@code com/amazonaws/global/handlers/request.handler2s}):
 * sends every request to the local cloud. SDK v1 never reads {@code AWS_ENDPOINT_URL}. The endpoint is replaced
 * before the request is signed; its resource path stays.
 */
public final class V1EndpointHandler extends RequestHandler2 {

    @Override
    public void beforeRequest(Request<?> request) {
        request.setEndpoint(LocalEndpoint.uri());
    }
}
