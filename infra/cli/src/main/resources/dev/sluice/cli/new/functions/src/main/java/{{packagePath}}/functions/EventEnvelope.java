package {{package}}.functions;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * An EventBridge event as a rule delivers it: to a function directly, or as the body of an SQS message.
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
}
