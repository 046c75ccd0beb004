package dev.sluice.functions.bus;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

import software.amazon.awssdk.services.eventbridge.EventBridgeClient;

/**
 * The producer's client, against an HTTP server that counts what reaches it: priming goes through the SDK's
 * pipeline without sending anything, and the same client then sends real calls as usual.
 */
class EventBridgeClientProducerTest {

    private static final List<String> PROPERTIES = List.of("aws.region", "aws.accessKeyId", "aws.secretAccessKey",
            "aws.endpointUrlEventBridge");

    private final AtomicInteger requests = new AtomicInteger();
    private final Map<String, String> previous = new HashMap<>();
    private HttpServer server;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            byte[] body = "{\"FailedEntryCount\":0,\"Entries\":[{\"EventId\":\"e-1\"}]}"
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        // Dev Services of the Quarkus tests in this JVM may have set some of these: they are put back afterwards.
        PROPERTIES.forEach(key -> previous.put(key, System.getProperty(key)));
        System.setProperty("aws.region", "us-east-1");
        System.setProperty("aws.accessKeyId", "test");
        System.setProperty("aws.secretAccessKey", "test");
        System.setProperty("aws.endpointUrlEventBridge", "http://127.0.0.1:" + server.getAddress().getPort());
    }

    @AfterEach
    void stop() {
        previous.forEach((key, value) -> {
            if (value == null) {
                System.clearProperty(key);
            } else {
                System.setProperty(key, value);
            }
        });
        server.stop(0);
    }

    @Test
    void primingSendsNothingAndTheClientWorksAfterwards() {
        try (EventBridgeClient client = EventBridgeClientProducer.newClient()) {
            EventBridgeClientProducer.prime(client);
            assertThat(requests).hasValue(0);

            String id = client.putEvents(r -> r.entries(e -> e.source("shop.orders").detailType("OrderFulfilled")
                    .detail("{}"))).entries().get(0).eventId();

            assertThat(id).isEqualTo("e-1");
            assertThat(requests).hasValue(1);
        }
    }
}
