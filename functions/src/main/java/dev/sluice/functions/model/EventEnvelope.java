package dev.sluice.functions.model;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * An EventBridge event as a rule delivers it: to a Lambda target directly, or as the body of an SQS message.
 *
 * @param <D> the type of {@code detail}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record EventEnvelope<D>(
        String version,
        String id,
        @JsonProperty("detail-type") String detailType,
        String source,
        String account,
        String time,
        String region,
        List<String> resources,
        D detail) {

    /** Throws {@link MalformedEventException} unless this event is of one of the given types and has a detail. */
    public D requireDetail(String... acceptedTypes) {
        if (detailType == null || detailType.isBlank()) {
            throw new MalformedEventException("detail-type is required");
        }
        if (!List.of(acceptedTypes).contains(detailType)) {
            throw new MalformedEventException(
                    "detail-type must be one of " + List.of(acceptedTypes) + " (given " + detailType + ")");
        }
        if (detail == null) {
            throw new MalformedEventException("detail is required (event " + id + ", " + detailType + ")");
        }
        return detail;
    }
}
