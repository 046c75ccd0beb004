package dev.sluice.functions.bus;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.sluice.functions.PutEventsCalls;
import dev.sluice.junit.LocalCloudTest;
import dev.sluice.junit.TestCloud;
import io.smallrye.mutiny.Uni;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequest;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;

/**
 * Against the local cloud's EventBridge (the JUnit extension starts it, with the orders bus of the functions' test
 * template): queued events go out in as few PutEvents calls as the limits allow, and every event gets its own result.
 * Results are subscribed the way Funqy does for an SQS batch: all of them, after all the calls to publish.
 */
@LocalCloudTest(templates = "src/test/resources/local-cloud/function-under-test.yaml")
class OrdersBusTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static EventBridgeClient eventBridge;

    @BeforeAll
    static void client(TestCloud cloud) {
        eventBridge = cloud.configure(EventBridgeClient.builder())
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                // EventBridge refuses a Detail that is not JSON: the marked entries stand for the ones it refuses
                .overrideConfiguration(c -> c.addExecutionInterceptor(new RefuseMarkedEntries())
                        .addExecutionInterceptor(new PutEventsCalls()))
                .build();
    }

    @AfterAll
    static void close() {
        eventBridge.close();
    }

    @BeforeEach
    void forgetEarlierCalls() {
        PutEventsCalls.take();
    }

    @Test
    void aBatchOfTenGoesOutInOneCallAndEachEventGetsItsOwnId() {
        OrdersBus bus = new OrdersBus(eventBridge, JSON, "orders");

        List<String> ids = subscribeAll(publish(bus, 10, 10));

        assertThat(PutEventsCalls.take()).containsExactly(10);
        assertThat(ids).hasSize(10).doesNotContainNull().doesNotHaveDuplicates();
    }

    @Test
    void moreThanTenEventsAreSplitIntoCallsOfAtMostTen() {
        OrdersBus bus = new OrdersBus(eventBridge, JSON, "orders");

        assertThat(subscribeAll(publish(bus, 25, 10))).hasSize(25).doesNotContainNull();

        assertThat(PutEventsCalls.take()).containsExactly(10, 10, 5);
    }

    @Test
    void callsStayWithinTheSizeLimit() {
        OrdersBus bus = new OrdersBus(eventBridge, JSON, "orders");

        // three entries of 100 KB: two fit under 256 KB, the third needs a call of its own
        assertThat(subscribeAll(publish(bus, 3, 100 * 1024))).hasSize(3).doesNotContainNull();

        assertThat(PutEventsCalls.take()).containsExactly(2, 1);
    }

    @Test
    void aRefusedEntryFailsOnlyItsOwnEvent() {
        OrdersBus bus = new OrdersBus(eventBridge, JSON, "orders");
        List<Uni<String>> results = new ArrayList<>(publish(bus, 2, 10));
        results.add(1, bus.publish("Refuse", Map.of("n", "refused")));

        List<Object> outcomes = outcomes(results);

        assertThat(PutEventsCalls.take()).containsExactly(3);
        assertThat(outcomes.get(0)).isInstanceOf(String.class);
        assertThat(outcomes.get(2)).isInstanceOf(String.class);
        assertThat(outcomes.get(1)).isInstanceOf(PublishFailedException.class).asString()
                .contains("PutEvents refused Refuse on bus orders (MalformedDetail");
    }

    @Test
    void aMissingBusFailsEveryEventNamingTheBus() {
        OrdersBus bus = new OrdersBus(eventBridge, JSON, "no-such-bus");

        List<Object> outcomes = outcomes(publish(bus, 3, 10));

        assertThat(PutEventsCalls.take()).containsExactly(3);
        assertThat(outcomes).allSatisfy(outcome -> assertThat(outcome).isInstanceOf(PublishFailedException.class)
                .asString().contains("PutEvents refused Test on bus no-such-bus (ResourceNotFoundException"));
    }

    @Test
    void aCallThatFailsFailsEveryEventOfTheCallNamingTheBus() {
        // Nothing listens on port 1: the call itself fails, once, without retries.
        try (EventBridgeClient unreachable = EventBridgeClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .endpointOverride(URI.create("http://127.0.0.1:1"))
                .region(software.amazon.awssdk.regions.Region.US_EAST_1)
                .credentialsProvider(TestCloud.CREDENTIALS)
                .overrideConfiguration(c -> c.retryStrategy(r -> r.maxAttempts(1))
                        .addExecutionInterceptor(new PutEventsCalls()))
                .build()) {
            OrdersBus bus = new OrdersBus(unreachable, JSON, "orders");

            List<Object> outcomes = outcomes(publish(bus, 3, 10));

            assertThat(outcomes).allSatisfy(outcome -> assertThat(outcome).isInstanceOf(PublishFailedException.class)
                    .asString().contains("PutEvents Test to bus orders failed: "));
        }
    }

    @Test
    void anEventPublishedAloneIsSentWhenItsResultIsSubscribed() {
        OrdersBus bus = new OrdersBus(eventBridge, JSON, "orders");

        Uni<String> result = bus.publish("Single", Map.of("n", 1));
        assertThat(PutEventsCalls.take()).isEmpty();

        assertThat(result.await().indefinitely()).isNotBlank();
        assertThat(PutEventsCalls.take()).containsExactly(1);
    }

    private static List<Uni<String>> publish(OrdersBus bus, int count, int detailBytes) {
        String padding = "x".repeat(detailBytes);
        return IntStream.range(0, count)
                .mapToObj(i -> bus.publish("Test", Map.of("n", i, "padding", padding)))
                .toList();
    }

    private static List<String> subscribeAll(List<Uni<String>> results) {
        return Uni.join().all(results).andFailFast().await().indefinitely();
    }

    /** Each result's event id, or its failure. */
    private static List<Object> outcomes(List<Uni<String>> results) {
        List<Uni<Object>> settled = results.stream()
                .map(uni -> uni.onItem().<Object>transform(id -> id).onFailure().recoverWithItem(e -> e))
                .toList();
        return Uni.join().all(settled).andFailFast().await().indefinitely();
    }

    /** Replaces the detail of entries of type "Refuse" with text that is not JSON. */
    private static final class RefuseMarkedEntries implements ExecutionInterceptor {

        @Override
        public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
            if (!(context.request() instanceof PutEventsRequest request)) {
                return context.request();
            }
            return request.toBuilder().entries(request.entries().stream()
                    .map(entry -> "Refuse".equals(entry.detailType())
                            ? entry.toBuilder().detail("not json").build() : entry)
                    .map(PutEventsRequestEntry.class::cast)
                    .toList()).build();
        }
    }
}
