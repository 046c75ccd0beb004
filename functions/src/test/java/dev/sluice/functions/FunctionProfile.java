package dev.sluice.functions;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** Runs the app as one Lambda runs it: one exported function, talking to the servers of {@link AwsServers}. */
public abstract class FunctionProfile implements QuarkusTestProfile {

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
        // Other builds share this machine: let the mock event server take any free port.
        config.put("quarkus.lambda.mock-event-server.test-port", "0");
        return config;
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(AwsServers.class));
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
                    "mp.messaging.outgoing.outbox.queue", "no-such-queue",
                    "sluice.outbox.send-timeout", "5s"));
        }
    }
}
