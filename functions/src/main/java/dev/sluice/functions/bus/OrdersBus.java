package dev.sluice.functions.bus;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.sluice.functions.OrderPipelineConfig;
import dev.sluice.functions.model.EventTypes;
import io.smallrye.mutiny.Uni;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

/**
 * Publishes {@code shop.orders} events to the orders bus, as few PutEvents calls as possible.
 *
 * <p>{@link #publish} only queues the event; it is sent when the returned {@link Uni} is subscribed, together with
 * every other event queued by then (up to PutEvents' limits per call). Funqy calls a function for every record of an
 * SQS batch before it subscribes to any of the results, so a batch of ten orders makes one PutEvents call instead of
 * ten; each record still gets its own result, and a refused entry fails only its own record.
 */
@ApplicationScoped
public class OrdersBus {

    /** PutEvents takes at most 10 entries per call. */
    static final int MAX_ENTRIES_PER_CALL = 10;
    /** ...and at most 256 KB of entries, counted as EventBridge counts an entry's size. */
    static final int MAX_BYTES_PER_CALL = 256 * 1024;

    private final EventBridgeClient eventBridge;
    private final ObjectMapper mapper;
    private final String busName;
    private final List<Queued> queued = new ArrayList<>();

    @Inject
    OrdersBus(EventBridgeClient eventBridge, ObjectMapper mapper, OrderPipelineConfig config) {
        this(eventBridge, mapper, config.ordersBusName());
    }

    OrdersBus(EventBridgeClient eventBridge, ObjectMapper mapper, String busName) {
        this.eventBridge = eventBridge;
        this.mapper = mapper;
        this.busName = busName;
    }

    /**
     * @return the id EventBridge gave the event; fails with {@link PublishFailedException} if the call fails or the
     *         entry is refused
     */
    public Uni<String> publish(String detailType, Object detail) {
        String json;
        try {
            json = mapper.writeValueAsString(detail);
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(new PublishFailedException("cannot serialise " + detailType + " detail", e));
        }
        Queued event = new Queued(PutEventsRequestEntry.builder()
                .eventBusName(busName)
                .source(EventTypes.SOURCE)
                .detailType(detailType)
                .detail(json)
                .build(), new CompletableFuture<>());
        synchronized (queued) {
            queued.add(event);
        }
        return Uni.createFrom().completionStage(() -> {
            sendQueued();
            return event.eventId;
        });
    }

    /** Sends every queued event; completes each one's future with its id or its failure. */
    private void sendQueued() {
        List<Queued> events;
        synchronized (queued) {
            events = List.copyOf(queued);
            queued.clear();
        }
        for (List<Queued> call : calls(events)) {
            send(call);
        }
    }

    /** Splits events into PutEvents calls within the limits, in order. An entry over the limit goes alone. */
    static List<List<Queued>> calls(List<Queued> events) {
        List<List<Queued>> calls = new ArrayList<>();
        List<Queued> call = new ArrayList<>();
        int bytes = 0;
        for (Queued event : events) {
            int size = size(event.entry);
            if (!call.isEmpty() && (call.size() == MAX_ENTRIES_PER_CALL || bytes + size > MAX_BYTES_PER_CALL)) {
                calls.add(call);
                call = new ArrayList<>();
                bytes = 0;
            }
            call.add(event);
            bytes += size;
        }
        if (!call.isEmpty()) {
            calls.add(call);
        }
        return calls;
    }

    /** An entry's size as EventBridge counts it: source, detail type and detail in UTF-8 (no time or resources here). */
    static int size(PutEventsRequestEntry entry) {
        return utf8(entry.source()) + utf8(entry.detailType()) + utf8(entry.detail());
    }

    private static int utf8(String text) {
        return text == null ? 0 : text.getBytes(StandardCharsets.UTF_8).length;
    }

    private void send(List<Queued> call) {
        PutEventsResponse response;
        try {
            response = eventBridge.putEvents(r -> r.entries(call.stream().map(Queued::entry).toList()));
        } catch (SdkException e) {
            for (Queued event : call) {
                event.eventId.completeExceptionally(new PublishFailedException("PutEvents " + event.entry.detailType()
                        + " to bus " + busName + " failed: " + e.getMessage(), e));
            }
            return;
        } catch (RuntimeException e) {
            call.forEach(event -> event.eventId.completeExceptionally(e));
            throw e;
        }
        // PutEvents answers 200 even when it refuses entries; each refusal is only in its result entry.
        List<PutEventsResultEntry> results = response.entries();
        for (int i = 0; i < call.size(); i++) {
            Queued event = call.get(i);
            PutEventsResultEntry result = i < results.size() ? results.get(i) : null;
            if (result == null || result.eventId() == null) {
                String code = result == null ? "no result entry" : result.errorCode() + ": " + result.errorMessage();
                event.eventId.completeExceptionally(new PublishFailedException("PutEvents refused "
                        + event.entry.detailType() + " on bus " + busName + " (" + code + ")"));
            } else {
                event.eventId.complete(result.eventId());
            }
        }
    }

    /** An event waiting to be sent, and where its id (or failure) goes. */
    record Queued(PutEventsRequestEntry entry, CompletableFuture<String> eventId) {
    }
}
