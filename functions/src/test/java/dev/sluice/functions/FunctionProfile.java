package dev.sluice.functions;

import java.util.HashMap;
import java.util.Map;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * Runs the app as one Lambda runs it: one exported function, invoked through the mock event server, talking to the
 * local cloud that Sluice's Dev Services start (no Docker): the orders bus, the outbox and the queue "published" of
 * {@value #WORLD}. Every profile deploys the same, so the tests share one local cloud.
 */
public abstract class FunctionProfile implements QuarkusTestProfile {

    static final String WORLD = "src/test/resources/local-cloud/function-under-test.yaml";

    private final String export;
    private final Map<String, String> extra;

    protected FunctionProfile(String export, Map<String, String> extra) {
        this.export = export;
        this.extra = extra;
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> config = new HashMap<>(extra);
        config.put("quarkus.funqy.export", export);
        config.put("quarkus.sluice.devservices.templates", WORLD);
        config.put("sluice.eventbridge-interceptors", PutEventsCalls.class.getName());
        // Other builds share this machine: let the mock event server take any free port.
        config.put("quarkus.lambda.mock-event-server.test-port", "0");
        return config;
    }

    /**
     * What the exported function prepares while Quarkus boots: "publishes", its EventBridge client
     * (sluice.publishes), and "writes-outbox", the SQS part of the SDK (sluice.writes-outbox).
     */
    public static Map<String, Boolean> bootPriming() {
        Config config = ConfigProvider.getConfig();
        return Map.of("publishes", config.getValue("sluice.publishes", Boolean.class),
                "writes-outbox", config.getValue("sluice.writes-outbox", Boolean.class));
    }

    public static class FulfillOrder extends FunctionProfile {
        public FulfillOrder() {
            super("fulfillOrder", Map.of());
        }
    }

    public static class FulfillOrderWithoutBus extends FunctionProfile {
        public FulfillOrderWithoutBus() {
            super("fulfillOrder", Map.of("sluice.orders-bus-name", "no-such-bus"));
        }
    }

    public static class ReviewOrder extends FunctionProfile {
        public ReviewOrder() {
            // The stack sets the threshold on AWS and in the local cloud; the tests set their own.
            super("reviewOrder", Map.of("sluice.review.total-threshold", "1000"));
        }
    }

    public static class ReviewOrderWithoutThreshold extends FunctionProfile {
        public ReviewOrderWithoutThreshold() {
            super("reviewOrder", Map.of());
        }
    }

    public static class NotifyCustomer extends FunctionProfile {
        public NotifyCustomer() {
            super("notifyCustomer", Map.of());
        }
    }

    public static class NotifyCustomerWithoutOutbox extends FunctionProfile {
        public NotifyCustomerWithoutOutbox() {
            super("notifyCustomer", Map.of(
                    "sluice.outbox.queue-name", "no-such-queue",
                    "sluice.outbox.send-timeout", "5s"));
        }
    }
}
