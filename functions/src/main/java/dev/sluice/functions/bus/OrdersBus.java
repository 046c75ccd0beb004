package dev.sluice.functions.bus;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.sluice.functions.OrderPipelineConfig;
import dev.sluice.functions.model.EventTypes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

/** Publishes {@code shop.orders} events to the orders bus, one PutEvents call per event. */
@ApplicationScoped
public class OrdersBus {

    private final EventBridgeClient eventBridge;
    private final ObjectMapper mapper;
    private final String busName;

    OrdersBus(EventBridgeClient eventBridge, ObjectMapper mapper, OrderPipelineConfig config) {
        this.eventBridge = eventBridge;
        this.mapper = mapper;
        this.busName = config.ordersBusName();
    }

    /**
     * @return the id EventBridge gave the event
     * @throws PublishFailedException if the call fails or the entry is refused
     */
    public String publish(String detailType, Object detail) {
        String json;
        try {
            json = mapper.writeValueAsString(detail);
        } catch (JsonProcessingException e) {
            throw new PublishFailedException("cannot serialise " + detailType + " detail", e);
        }
        PutEventsRequestEntry entry = PutEventsRequestEntry.builder()
                .eventBusName(busName)
                .source(EventTypes.SOURCE)
                .detailType(detailType)
                .detail(json)
                .build();
        PutEventsResponse response;
        try {
            response = eventBridge.putEvents(r -> r.entries(entry));
        } catch (SdkException e) {
            throw new PublishFailedException("PutEvents " + detailType + " to bus " + busName + " failed: "
                    + e.getMessage(), e);
        }
        // PutEvents answers 200 even when it refuses an entry; the refusal is only in the counts.
        PutEventsResultEntry result = response.entries().isEmpty() ? null : response.entries().get(0);
        if (response.failedEntryCount() != null && response.failedEntryCount() > 0
                || result == null || result.eventId() == null) {
            String code = result == null ? "no result entry" : result.errorCode() + ": " + result.errorMessage();
            throw new PublishFailedException("PutEvents refused " + detailType + " on bus " + busName + " (" + code + ")");
        }
        return result.eventId();
    }
}
