package dev.sluice.local.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.local.core.Json;
import org.junit.jupiter.api.Test;

/** The one request-field reader: every violation, in AWS's words, named as AWS names members. */
class RequestFieldsTest {

    private static final ObjectMapper JSON = Json.MAPPER;

    @Test
    void collectsEveryViolationBeforeFailingOnce() throws Exception {
        RequestFields fields = RequestFields.of(json("{\"Timeout\": 1000, \"MemorySize\": \"big\", \"Name\": \"\"}"));

        assertThat(fields.integer("Timeout", 1, 900, 3)).isEqualTo(1000);
        assertThat(fields.integer("MemorySize", 128, 10_240, 128)).isEqualTo(128);
        assertThat(fields.requiredText("Handler")).isNull();
        assertThat(fields.requiredText("Name")).isNull();

        assertThatThrownBy(fields::check)
                .isInstanceOfSatisfying(AwsError.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.code()).isEqualTo("ValidationException");
                })
                .hasMessage("4 validation errors detected: "
                        + "Value '1000' at 'timeout' failed to satisfy constraint: Member must have value less than or"
                        + " equal to 900; "
                        + "Value 'big' at 'memorySize' failed to satisfy constraint: Member must be an integer; "
                        + "Value null at 'handler' failed to satisfy constraint: Member must not be null; "
                        + "Value '' at 'name' failed to satisfy constraint: Member must have length greater than or"
                        + " equal to 1");
    }

    @Test
    void oneViolationIsSingular() throws Exception {
        RequestFields fields = RequestFields.of(json("{\"Limit\": 0}"));
        fields.integer("Limit", 1, 100, null);

        assertThatThrownBy(fields::check).hasMessage("1 validation error detected: Value '0' at 'limit' failed to"
                + " satisfy constraint: Member must have value greater than or equal to 1");
    }

    @Test
    void nestedMembersAndListElementsAreNamedWithTheirPath() throws Exception {
        RequestFields request = RequestFields.of(json("{\"Targets\": [{\"Id\": \"a\"}, {\"Id\": \"b!\"}],"
                + " \"ScalingConfig\": {\"MaximumConcurrency\": 1}}"));
        JsonNode second = request.node("Targets").get(1);

        request.element("Targets", 2, second).name("Id", 64, "\\.\\-_A-Za-z0-9", true);
        request.object("ScalingConfig").integer("MaximumConcurrency", 2, 1000, null);

        assertThatThrownBy(request::check)
                .hasMessageContaining("Value 'b!' at 'targets.2.member.id' failed to satisfy constraint: Member must"
                        + " satisfy regular expression pattern: [\\.\\-_A-Za-z0-9]+")
                .hasMessageContaining("Value '1' at 'scalingConfig.maximumConcurrency'");
    }

    @Test
    void aValidRequestPasses() throws Exception {
        RequestFields fields = RequestFields.of(json("{\"Enabled\": true, \"Name\": \"ok\"}"));

        assertThat(fields.bool("Enabled", false)).isTrue();
        assertThat(fields.requiredText("Name")).isEqualTo("ok");
        assertThat(fields.text("Missing")).isNull();
        assertThat(fields.valid()).isTrue();
        fields.check();
    }

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }
}
