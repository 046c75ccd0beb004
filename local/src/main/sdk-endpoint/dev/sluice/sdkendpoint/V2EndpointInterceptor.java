package dev.sluice.sdkendpoint;

import java.net.URI;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;

/**
 * AWS SDK for Java v2 global interceptor (listed in
 * {@code software/amazon/awssdk/global/handlers/execution.interceptors}): sends every request to the local cloud. SDK v2 reads {@code AWS_ENDPOINT_URL} itself only from 2.28.1; older
 * versions would call the real AWS host. The request is rewritten before it is signed, keeping its path and query.
 */
public final class V2EndpointInterceptor implements ExecutionInterceptor {

    @Override
    public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
        URI local = LocalEndpoint.uri();
        return context.httpRequest().toBuilder().protocol(local.getScheme()).host(local.getHost())
                .port(local.getPort() < 0 ? null : local.getPort()).build();
    }
}
