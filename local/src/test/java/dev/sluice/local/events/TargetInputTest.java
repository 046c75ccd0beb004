package dev.sluice.local.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.local.core.Json;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** InputPath and InputTransformer rendering, on a fixed event. */
class TargetInputTest {

    private static final ObjectMapper JSON = Json.MAPPER;
    private static final Rule RULE = new Rule("flag", "orders", "arn:aws:events:us-east-1:000000000000:rule/orders/flag",
            "{}", null, null, null, true, Map.of());

    private static ObjectNode event() throws Exception {
        return (ObjectNode) JSON.readTree("{\"id\":\"e-1\",\"time\":\"2026-01-01T00:00:00Z\",\"detail\":"
                + "{\"orderId\":\"o-\\\"7\\\"\",\"total\":1200.5,\"items\":[{\"sku\":\"A\"}]}}");
    }

    private static String transform(Map<String, String> paths, String template) throws Exception {
        ObjectNode event = event();
        return TargetInput.transform(new Target.InputTransformer(paths, template), RULE, event, event.toString());
    }

    @Test
    void unquotedStringPlaceholderBecomesAJsonString() throws Exception {
        String out = transform(Map.of("order", "$.detail.orderId"), "{\"order\": <order>}");
        assertThat(JSON.readTree(out).get("order").asText()).isEqualTo("o-\"7\"");
    }

    @Test
    void quotedPlaceholderIsEscapedInsideTheString() throws Exception {
        String out = transform(Map.of("order", "$.detail.orderId", "total", "$.detail.total"),
                "{\"text\": \"order <order> totals <total>\"}");
        assertThat(JSON.readTree(out).get("text").asText()).isEqualTo("order o-\"7\" totals 1200.5");
    }

    @Test
    void missingPathIsNullInJsonAndEmptyInText() throws Exception {
        assertThat(JSON.readTree(transform(Map.of("x", "$.detail.absent"), "{\"x\": <x>}")).get("x").isNull()).isTrue();
        assertThat(transform(Map.of("x", "$.detail.absent"), "value=<x>;")).isEqualTo("value=;");
    }

    @Test
    void predefinedVariablesAndWholeEvent() throws Exception {
        String out = transform(Map.of(), "{\"rule\": <aws.events.rule-name>, \"event\": <aws.events.event.json>}");
        assertThat(JSON.readTree(out).get("rule").asText()).isEqualTo("flag");
        assertThat(JSON.readTree(out).get("event")).isEqualTo(event());
    }

    @Test
    void unknownPlaceholdersAreLeftAsTheyAre() throws Exception {
        assertThat(transform(Map.of(), "a <b> c")).isEqualTo("a <b> c");
    }

    @Test
    void inputPathSelectsArrayElements() throws Exception {
        assertThat(JsonPaths.select(event(), "$.detail.items[0].sku").asText()).isEqualTo("A");
        assertThat(JsonPaths.select(event(), "$.detail.items[3]")).isNull();
        assertThat(JsonPaths.isValid("$.detail-type")).isTrue();
        assertThat(JsonPaths.isValid("detail.x")).isFalse();
        assertThat(JsonPaths.isValid("$.items[*]")).isFalse();
    }
}
