package dev.sluice.functions.bus;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;

import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;

/**
 * A plain SDK client: region, credentials and endpoint come from the SDK's own chains, so {@code AWS_REGION},
 * {@code AWS_ENDPOINT_URL_EVENTBRIDGE} and {@code AWS_ENDPOINT_URL} work on AWS, LocalStack and the local cloud
 * alike. Nothing here overrides them.
 */
public class EventBridgeClientProducer {

    @Produces
    @ApplicationScoped
    EventBridgeClient eventBridgeClient() {
        return EventBridgeClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
    }

    void close(@Disposes EventBridgeClient client) {
        client.close();
    }
}
