package dev.sluice.functions.review;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.sluice.functions.model.LineItem;
import dev.sluice.functions.model.OrderPlaced;

class ReviewRulesTest {

    private final ReviewRules rules = new ReviewRules(new BigDecimal("1000"), 50);

    @ParameterizedTest(name = "total {0}, quantity {1}")
    @CsvSource(delimiter = '|', value = {
            "999.99  | 1  | ''",
            "1000    | 1  | ''",
            "1000.00 | 99 | ''",
            "1000.01 | 1  | total 1000.01 exceeds 1000",
            "1500    | 49 | total 1500.00 exceeds 1000",
            "1500    | 50 | total 1500.00 exceeds 1000;items[0].quantity 50 of SKU-1 is at least 50",
    })
    void flagsOnlyAboveTheThreshold(String total, int quantity, String expected) {
        OrderPlaced order = new OrderPlaced("o-1", "c-1",
                List.of(new LineItem("SKU-1", quantity, BigDecimal.ONE)), new BigDecimal(total), "USD");

        List<String> reasons = rules.reasons(order);

        assertThat(reasons).isEqualTo(expected.isEmpty() ? List.of() : List.of(expected.split(";")));
        assertThat(rules.exceedsThreshold(order)).isEqualTo(!expected.isEmpty());
    }
}
