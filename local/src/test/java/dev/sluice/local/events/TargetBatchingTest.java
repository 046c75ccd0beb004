package dev.sluice.local.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.local.core.Json;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.Target;
import software.amazon.awssdk.services.sqs.model.Message;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

/**
 * SQS targets get bursts in SendMessageBatch calls: everything arrives once, FIFO queues in order, and an entry SQS
 * refuses is retried on its own without holding back the events after it. SQS refuses a message body with a
 * character outside XML's range (here U+0001, placed in the body by a plain-text InputTransformer).
 */
class TargetBatchingTest {

    private static final ObjectMapper JSON = Json.MAPPER;
    private static final int BURST = 25;
    @AutoClose
    private static final LocalEvents local = new LocalEvents();
    /** Retries wait an hour here: an event that fails stays failed for the whole test. */
    @AutoClose
    private static final LocalEvents slowRetries = new LocalEvents(new DeliverySettings(Duration.ofHours(1),
            Duration.ofHours(1), Clock.systemUTC(), 2, 4));

    private static PutEventsRequestEntry entry(String bus, String detail) {
        return PutEventsRequestEntry.builder().eventBusName(bus).source("shop.orders").detailType("OrderPlaced")
                .detail(detail).build();
    }

    /** Puts {@code BURST} events with {@code {"seq": n, "note": ...}}, 10 per call; returns their ids in order. */
    private static List<String> putBurst(LocalEvents on, String bus, Predicate<Integer> bad) {
        List<String> ids = new ArrayList<>();
        for (int from = 0; from < BURST; from += 10) {
            List<PutEventsRequestEntry> entries = new ArrayList<>();
            for (int seq = from; seq < Math.min(BURST, from + 10); seq++) {
                String note = bad.test(seq) ? "bad\\u0001" : "ok";
                entries.add(entry(bus, "{\"seq\":" + seq + ",\"note\":\"" + note + "\"}"));
            }
            PutEventsResponse response = on.events.putEvents(b -> b.entries(entries));
            assertThat(response.failedEntryCount()).isZero();
            response.entries().forEach(e -> ids.add(e.eventId()));
        }
        return ids;
    }

    private static JsonNode body(Message message) {
        try {
            return JSON.readTree(message.body());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void burstToStandardQueueArrivesCompleteAndOnce() throws Exception {
        String arn = local.createQueue("burst-queue");
        local.rule("burst", "all", LocalEvents.SHOP_ORDERS, Target.builder().id("q").arn(arn).build());

        List<String> ids = putBurst(local, "burst", seq -> false);

        List<Message> messages = local.receive("burst-queue", BURST, 10);
        assertThat(messages).extracting(m -> body(m).get("id").asText()).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(local.receive("burst-queue", 1, 1)).isEmpty();
        TargetStats stats = local.awaitStats("burst/all/q", s -> s.delivered() == BURST);
        assertThat(stats).extracting(TargetStats::matched, TargetStats::delivered, TargetStats::failedAttempts,
                TargetStats::pending).containsExactly((long) BURST, (long) BURST, 0L, 0L);
    }

    @Test
    void burstToFifoQueueArrivesInOrder() throws Exception {
        String arn = local.createQueue("fifo-burst.fifo");
        local.rule("fifo-burst", "all", LocalEvents.SHOP_ORDERS, Target.builder().id("f").arn(arn)
                .sqsParameters(p -> p.messageGroupId("orders")).build());

        List<String> ids = putBurst(local, "fifo-burst", seq -> false);

        List<Message> messages = local.receive("fifo-burst.fifo", BURST, 10);
        assertThat(messages).extracting(m -> body(m).get("id").asText()).containsExactlyElementsOf(ids);
        assertThat(messages).extracting(m -> body(m).at("/detail/seq").asInt())
                .isSorted().hasSize(BURST);
    }

    @Test
    void entryRefusedInsideABatchIsRetriedAloneThenDeadLettered() throws Exception {
        String dlq = local.createQueue("refused-dlq");
        String arn = local.createQueue("refused-queue");
        local.rule("refused", "all", LocalEvents.SHOP_ORDERS, Target.builder().id("q").arn(arn)
                .inputTransformer(t -> t.inputPathsMap(Map.of("seq", "$.detail.seq", "note", "$.detail.note"))
                        .inputTemplate("order <seq> <note>"))
                .retryPolicy(r -> r.maximumRetryAttempts(2)).deadLetterConfig(d -> d.arn(dlq)).build());

        List<String> ids = putBurst(local, "refused", seq -> seq == 7);

        List<Message> delivered = local.receive("refused-queue", BURST - 1, 10);
        assertThat(delivered).extracting(Message::body).doesNotHaveDuplicates().hasSize(BURST - 1)
                .doesNotContain("order 7 bad\u0001").contains("order 6 ok", "order 8 ok", "order 24 ok");
        List<Message> dead = local.receive("refused-dlq", 1, 10);
        assertThat(dead).hasSize(1);
        assertThat(body(dead.get(0)).get("id").asText()).isEqualTo(ids.get(7));
        assertThat(dead.get(0).messageAttributes()).extractingFromEntries(e -> e.getKey(), e -> e.getValue().stringValue())
                .contains(tuple("ERROR_CODE", "SDK_CLIENT_ERROR"), tuple("EXHAUSTED_RETRY_CONDITION", "MaximumRetryAttempts"),
                        tuple("RETRY_ATTEMPTS", "2"));
        // three attempts of the refused entry, none of the others
        TargetStats stats = local.awaitStats("refused/all/q", s -> s.deadLettered() == 1);
        assertThat(stats).extracting(TargetStats::matched, TargetStats::delivered, TargetStats::failedAttempts,
                TargetStats::deadLettered, TargetStats::dropped, TargetStats::pending)
                .containsExactly((long) BURST, (long) BURST - 1, 3L, 1L, 0L, 0L);
    }

    @Test
    void eventWaitingForItsRetryDoesNotHoldBackLaterEvents() throws Exception {
        String arn = slowRetries.createQueue("waiting-queue.fifo");
        slowRetries.rule("waiting", "all", LocalEvents.SHOP_ORDERS, Target.builder().id("f").arn(arn)
                .sqsParameters(p -> p.messageGroupId("orders"))
                .inputTransformer(t -> t.inputPathsMap(Map.of("seq", "$.detail.seq", "note", "$.detail.note"))
                        .inputTemplate("order <seq> <note>")).build());

        putBurst(slowRetries, "waiting", seq -> seq == 0);

        List<Message> delivered = slowRetries.receive("waiting-queue.fifo", BURST - 1, 10);
        List<String> expected = new ArrayList<>();
        for (int seq = 1; seq < BURST; seq++) {
            expected.add("order " + seq + " ok");
        }
        assertThat(delivered).extracting(Message::body).containsExactlyElementsOf(expected);
        TargetStats stats = slowRetries.awaitStats("waiting/all/f", s -> s.delivered() == BURST - 1);
        assertThat(stats).extracting(TargetStats::delivered, TargetStats::failedAttempts, TargetStats::pending)
                .containsExactly((long) BURST - 1, 1L, 1L);
    }
}
