package dev.sluice.functions;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Everything the three functions read from configuration ({@code sluice.*} in application.properties). */
@ConfigMapping(prefix = "sluice")
public interface OrderPipelineConfig {

    /** The bus every outcome is published to (env {@code ORDERS_BUS_NAME}). */
    @WithDefault("orders")
    String ordersBusName();

    /**
     * Whether this function publishes to the bus, so that its EventBridge client is built while Quarkus boots
     * rather than at the first invocation (application.properties keys it on the exported function; read by
     * EventBridgeClientProducer before mappings exist).
     */
    @WithDefault("false")
    boolean publishes();

    /** ISO currency codes an order may use. */
    @WithDefault("USD,EUR,GBP")
    Set<String> currencies();

    /** Units in stock per SKU, e.g. {@code sluice.stock."SKU-1"=100}; a SKU not listed is not sold. */
    Map<String, Integer> stock();

    Review review();

    Outbox outbox();

    interface Review {

        /** An order whose total is strictly above this is flagged. */
        @WithDefault("1000")
        BigDecimal totalThreshold();

        /** A line with at least this many units is flagged too. */
        @WithDefault("50")
        int largeQuantity();
    }

    interface Outbox {

        /** How long notifyCustomer waits for the outbox queue to acknowledge one message. */
        @WithDefault("10s")
        Duration sendTimeout();
    }
}
