package dev.sluice.functions.fulfillment;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.sluice.functions.model.LineItem;
import dev.sluice.functions.model.OrderPlaced;

class OrderValidatorTest {

    private final OrderValidator validator = new OrderValidator(Set.of("USD", "EUR"));

    @Test
    void consistentOrderHasNoProblems() {
        assertThat(validator.check(order("20.00", "USD", line("A", 2, "10.00")))).isEmpty();
    }

    @Test
    void totalDifferenceBelowOneCentIsRounding() {
        assertThat(validator.check(order("20.009", "USD", line("A", 2, "10.00")))).isEmpty();
        assertThat(validator.check(order("20.01", "USD", line("A", 2, "10.00"))))
                .containsExactly("total must equal the sum of quantity * unitPrice, 20.00 (given 20.01)");
    }

    @Test
    void everyProblemIsReportedWithItsField() {
        OrderPlaced order = new OrderPlaced(" ", null,
                Arrays.asList(line("A", 1, "1"), null, new LineItem(null, 0, new BigDecimal("-2"))), null, "CHF");

        assertThat(validator.check(order)).containsExactly(
                "orderId is required",
                "customerId is required",
                "items[1] must not be null",
                "items[2].sku is required",
                "items[2].quantity must be > 0 (given 0)",
                "items[2].unitPrice must be >= 0 (given -2)",
                "total is required",
                "currency must be one of [EUR, USD] (given CHF)");
    }

    @Test
    void missingItemsAndCurrency() {
        assertThat(validator.check(new OrderPlaced("o", "c", null, BigDecimal.ZERO, null)))
                .containsExactly("items must not be empty", "currency is required");
    }

    private static OrderPlaced order(String total, String currency, LineItem... items) {
        return new OrderPlaced("o-1", "c-1", List.of(items), new BigDecimal(total), currency);
    }

    private static LineItem line(String sku, int quantity, String unitPrice) {
        return new LineItem(sku, quantity, new BigDecimal(unitPrice));
    }
}
