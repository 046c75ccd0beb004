package dev.sluice.local.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;

/** The Jackson mappers of the local cloud and the CLI, configured here once (mappers are thread-safe). */
public final class Json {

    /** Plain JSON: documents, templates, manifests, API shapes. */
    public static final ObjectMapper MAPPER = new ObjectMapper();

    /**
     * Numbers read as written: a decimal as BigDecimal with its trailing zeros ({@code 1000.00} stays {@code 1000.00},
     * long decimals are not rounded). For events, whose details pass through to targets unchanged.
     */
    public static final ObjectMapper EXACT_NUMBERS = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    private Json() {
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** {@code text} read by {@code mapper} when it is a JSON object, else null (not JSON, or another value). */
    public static ObjectNode readObject(ObjectMapper mapper, String text) {
        try {
            return text != null && mapper.readTree(text) instanceof ObjectNode object ? object : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /** {@code value} as JSON bytes (UTF-8), written straight to bytes: batches of up to 6 MB go through here. */
    public static byte[] bytes(Object value) {
        return unchecked(() -> MAPPER.writeValueAsBytes(value));
    }

    /** {@code value} as JSON text. */
    public static String write(Object value) {
        return unchecked(() -> MAPPER.writeValueAsString(value));
    }

    private interface Writing<T> {
        T write() throws JsonProcessingException;
    }

    private static <T> T unchecked(Writing<T> writing) {
        try {
            return writing.write();
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
