package dev.sluice.functions;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.smallrye.config.ConfigMapping;
import dev.sluice.functions.review.ReviewOrderFunction;
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

    /**
     * Whether this function writes the outbox, so that the SQS part of the SDK is loaded while Quarkus boots
     * (application.properties keys it on the exported function; read by SqsClientPriming before mappings exist).
     */
    @WithDefault("false")
    boolean writesOutbox();

    /**
     * SDK interceptors (class names) added to the EventBridge client; none by default (the tests count PutEvents calls
     * with one). Read by EventBridgeClientProducer before mappings exist; declared here so that the key is known.
     */
    Optional<List<String>> eventbridgeInterceptors();

    /** ISO currency codes an order may use. */
    @WithDefault("USD,EUR,GBP")
    Set<String> currencies();

    /** Units in stock per SKU, e.g. {@code sluice.stock."SKU-1"=100}; a SKU not listed is not sold. */
    Map<String, Integer> stock();

    Review review();

    Outbox outbox();

    interface Review {

        /**
         * An order whose total is strictly above this is flagged. Its one home is the stack (FunctionsStack, whose
         * rule uses the same number), which gives it to reviewOrder as {@value ReviewOrderFunction#THRESHOLD_VARIABLE};
         * the other functions share this mapping and run without it.
         */
        Optional<BigDecimal> totalThreshold();

        /** A line with at least this many units is flagged too. */
        @WithDefault("50")
        int largeQuantity();
    }

    interface Outbox {

        /** The outbox queue's name (env {@code OUTBOX_QUEUE_NAME}); its URL is looked up once when none is given. */
        @WithDefault("outbox")
        String queueName();

        /** The outbox queue's URL (env {@code OUTBOX_QUEUE_URL}, set by the CDK app): saves the lookup. */
        Optional<String> queueUrl();

        /** How long notifyCustomer waits for SQS to accept one message (the SDK's API call timeout). */
        @WithDefault("10s")
        Duration sendTimeout();
    }
}
