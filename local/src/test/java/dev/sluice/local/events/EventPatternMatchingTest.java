package dev.sluice.local.events;

import dev.sluice.local.edge.AwsError;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Named pattern cases, boundaries included, evaluated by event-ruler exactly as rules are. */
class EventPatternMatchingTest {

    private static String event(String detail) {
        return """
                {"version":"0","id":"6a7e8feb-b491-4cf7-a9f1-bf3703467718","detail-type":"OrderPlaced",
                 "source":"shop.orders","account":"000000000000","time":"2026-01-01T00:00:00Z",
                 "region":"us-east-1","resources":["arn:aws:shop:us-east-1:000000000000:order/o-1"],
                 "detail":%s}""".formatted(detail);
    }

    private static Arguments matches(String name, String pattern, String detail) {
        return Arguments.of(Named.of(name + " (matches)", pattern), detail, true);
    }

    private static Arguments misses(String name, String pattern, String detail) {
        return Arguments.of(Named.of(name + " (misses)", pattern), detail, false);
    }

    static Stream<Arguments> cases() {
        String order = "{\"orderId\":\"o-1\",\"total\":250,\"customer\":{\"tier\":\"gold\"},\"items\":[{\"sku\":\"A-1\"},{\"sku\":\"B-2\"}],\"ip\":\"10.0.0.7\",\"note\":\"\",\"coupon\":null}";
        return Stream.of(
                matches("exact source", "{\"source\":[\"shop.orders\"]}", order),
                misses("exact source", "{\"source\":[\"shop.payments\"]}", order),
                matches("values in a list are OR", "{\"detail-type\":[\"OrderShipped\",\"OrderPlaced\"]}", order),
                misses("fields are AND", "{\"source\":[\"shop.orders\"],\"detail-type\":[\"OrderShipped\"]}", order),
                matches("nested field", "{\"detail\":{\"customer\":{\"tier\":[\"gold\"]}}}", order),
                matches("any element of an event array", "{\"detail\":{\"items\":{\"sku\":[\"B-2\"]}}}", order),
                matches("numeric > 1000 at 1000.01", "{\"detail\":{\"total\":[{\"numeric\":[\">\",1000]}]}}", "{\"total\":1000.01}"),
                misses("numeric > 1000 at 1000", "{\"detail\":{\"total\":[{\"numeric\":[\">\",1000]}]}}", "{\"total\":1000}"),
                matches("numeric >= 1000 at 1000", "{\"detail\":{\"total\":[{\"numeric\":[\">=\",1000]}]}}", "{\"total\":1000}"),
                matches("numeric range lower bound", "{\"detail\":{\"total\":[{\"numeric\":[\">=\",0,\"<\",100]}]}}", "{\"total\":0}"),
                misses("numeric range upper bound", "{\"detail\":{\"total\":[{\"numeric\":[\">=\",0,\"<\",100]}]}}", "{\"total\":100}"),
                matches("numeric equals", "{\"detail\":{\"total\":[{\"numeric\":[\"=\",250]}]}}", order),
                misses("numeric on a string", "{\"detail\":{\"orderId\":[{\"numeric\":[\">\",0]}]}}", order),
                matches("prefix", "{\"source\":[{\"prefix\":\"shop.\"}]}", order),
                misses("prefix", "{\"source\":[{\"prefix\":\"ship.\"}]}", order),
                matches("suffix", "{\"detail-type\":[{\"suffix\":\"Placed\"}]}", order),
                matches("equals-ignore-case", "{\"detail-type\":[{\"equals-ignore-case\":\"orderplaced\"}]}", order),
                matches("wildcard", "{\"source\":[{\"wildcard\":\"shop.*\"}]}", order),
                misses("wildcard", "{\"source\":[{\"wildcard\":\"*.payments\"}]}", order),
                matches("anything-but value", "{\"source\":[{\"anything-but\":\"shop.payments\"}]}", order),
                misses("anything-but value", "{\"source\":[{\"anything-but\":\"shop.orders\"}]}", order),
                misses("anything-but list", "{\"source\":[{\"anything-but\":[\"shop.payments\",\"shop.orders\"]}]}", order),
                misses("anything-but prefix", "{\"source\":[{\"anything-but\":{\"prefix\":\"shop.\"}}]}", order),
                matches("anything-but numeric", "{\"detail\":{\"total\":[{\"anything-but\":[100,200]}]}}", order),
                matches("exists true", "{\"detail\":{\"orderId\":[{\"exists\":true}]}}", order),
                misses("exists true on an absent field", "{\"detail\":{\"refund\":[{\"exists\":true}]}}", order),
                matches("exists false on an absent field", "{\"detail\":{\"refund\":[{\"exists\":false}]}}", order),
                misses("exists false on a present field", "{\"detail\":{\"orderId\":[{\"exists\":false}]}}", order),
                matches("empty string", "{\"detail\":{\"note\":[\"\"]}}", order),
                matches("null value", "{\"detail\":{\"coupon\":[null]}}", order),
                matches("cidr", "{\"detail\":{\"ip\":[{\"cidr\":\"10.0.0.0/24\"}]}}", order),
                misses("cidr", "{\"detail\":{\"ip\":[{\"cidr\":\"10.0.1.0/24\"}]}}", order),
                matches("$or: second branch", "{\"$or\":[{\"source\":[\"shop.payments\"]},{\"detail\":{\"total\":[{\"numeric\":[\">\",100]}]}}]}", order),
                misses("$or: no branch", "{\"$or\":[{\"source\":[\"shop.payments\"]},{\"detail\":{\"total\":[{\"numeric\":[\">\",1000]}]}}]}", order),
                matches("resources", "{\"resources\":[{\"prefix\":\"arn:aws:shop:\"}]}", order));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesAsEventBridgeDoes(String pattern, String detail, boolean expected) throws Exception {
        assertThat(EventPatterns.matches(pattern, event(detail))).isEqualTo(expected);
    }

    @Test
    void invalidPatternReportsEventRulersReason() {
        assertThatThrownBy(() -> EventPatterns.check("{\"detail\":{\"total\":[{\"numeric\":[\">\",\"x\"]}]}}"))
                .isInstanceOf(AwsError.class)
                .hasMessageStartingWith("Event pattern is not valid. Reason: ")
                .satisfies(e -> assertThat(((AwsError) e).code()).isEqualTo("InvalidEventPatternException"));
    }

    @Test
    void patternOverTheLengthLimitNamesTheLimit() {
        String pattern = "{\"source\":[\"" + "x".repeat(2100) + "\"]}";
        assertThatThrownBy(() -> EventPatterns.check(pattern))
                .hasMessageContaining("over the limit of 2048");
    }
}
