package dev.sluice.functions.bus;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;

/**
 * A plain SDK client: region, credentials and endpoint come from the SDK's own chains, so {@code AWS_REGION},
 * {@code AWS_ENDPOINT_URL_EVENTBRIDGE} and {@code AWS_ENDPOINT_URL} work on AWS, LocalStack and the local cloud
 * alike. Nothing here overrides them.
 *
 * <p>The client and its first call load about 2,100 SDK classes: 0.35 s of a 1 s cold start. A function that
 * publishes ({@code sluice.publishes}) prepares both on a thread of its own from the moment the container starts,
 * while Quarkus boots on the other core: it builds the client, then primes it with one PutEvents that goes through
 * the SDK's whole pipeline (marshalling, endpoint, credentials, signing) and is stopped before it is sent. Nothing
 * reaches EventBridge. Any other function builds the client when it is first injected.
 */
@Singleton
public class EventBridgeClientProducer {

    static final String INTERCEPTORS = "sluice.eventbridge-interceptors";
    private static final Logger LOG = Logger.getLogger(EventBridgeClientProducer.class);
    /** Marks the priming request, which {@link StopPriming} stops before it leaves the process. */
    private static final ExecutionAttribute<Boolean> PRIMING = new ExecutionAttribute<>("SluicePriming");

    private CompletableFuture<EventBridgeClient> client;

    /**
     * ArC's first event, during Quarkus' static init: runtime config mappings are not available yet, so the setting
     * is read from the config itself (same sources in JVM mode, the only mode a java21 Lambda runs).
     */
    void startEarly(@Observes @Initialized(ApplicationScoped.class) Object containerStarted) {
        if (ConfigProvider.getConfig().getOptionalValue("sluice.publishes", Boolean.class).orElse(false)) {
            start(true);
        }
    }

    private synchronized CompletableFuture<EventBridgeClient> start(boolean prime) {
        if (client == null) {
            CompletableFuture<EventBridgeClient> building = new CompletableFuture<>();
            Thread thread = new Thread(() -> {
                try {
                    EventBridgeClient built = newClient();
                    building.complete(built);
                    if (prime) {
                        prime(built);
                    }
                } catch (Throwable e) {
                    building.completeExceptionally(e);
                }
            }, "eventbridge-client");
            thread.setDaemon(true);
            thread.start();
            client = building;
        }
        return client;
    }

    static EventBridgeClient newClient() {
        return EventBridgeClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(o -> {
                    o.addExecutionInterceptor(new StopPriming());
                    configuredInterceptors().forEach(o::addExecutionInterceptor);
                })
                .build();
    }

    /**
     * {@code sluice.eventbridge-interceptors}: SDK interceptors (class names) added to the client, as
     * {@code quarkus.sqs.interceptors} does for the Quarkus-managed clients. Read from the config itself: the client may
     * be built before config mappings exist.
     */
    static List<ExecutionInterceptor> configuredInterceptors() {
        List<ExecutionInterceptor> interceptors = new ArrayList<>();
        for (String name : ConfigProvider.getConfig().getOptionalValues(INTERCEPTORS, String.class).orElse(List.of())) {
            try {
                ClassLoader loader = Thread.currentThread().getContextClassLoader();
                Class<?> type = Class.forName(name.strip(), true,
                        loader != null ? loader : EventBridgeClientProducer.class.getClassLoader());
                interceptors.add((ExecutionInterceptor) type.getDeclaredConstructor().newInstance());
            } catch (ReflectiveOperationException | ClassCastException e) {
                throw new IllegalStateException(INTERCEPTORS + ": cannot use " + name
                        + " (an ExecutionInterceptor with a public no-argument constructor is needed)", e);
            }
        }
        return interceptors;
    }

    /** Runs one PutEvents through the client's pipeline and stops it before sending; never throws. */
    static void prime(EventBridgeClient client) {
        try {
            client.putEvents(r -> r.entries(e -> e.source("sluice.priming").detailType("Priming").detail("{}"))
                    .overrideConfiguration(o -> o.putExecutionAttribute(PRIMING, true)));
        } catch (RuntimeException expected) {
            // StopPriming's, or whatever stopped the SDK before it: the first real call does the rest
            LOG.debugf("EventBridge client primed (%s)", expected.getMessage());
        }
    }

    @Produces
    @ApplicationScoped
    EventBridgeClient eventBridgeClient() {
        return start(false).join();
    }

    void close(@Disposes EventBridgeClient client) {
        client.close();
    }

    /** Stops the priming request once it is signed, before the HTTP client sends it. */
    static final class StopPriming implements ExecutionInterceptor {
        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
            if (Boolean.TRUE.equals(attributes.getAttribute(PRIMING))) {
                throw new IllegalStateException("priming request stopped before sending");
            }
        }
    }
}
