package dev.sluice.functions.fulfillment;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.sluice.functions.model.LineItem;

class InventoryTest {

    private final Inventory inventory = new Inventory(Map.of("SKU-1", 5, "SKU-2", 0));

    @Test
    void quantityUpToStockShips() {
        assertThat(inventory.shortages(List.of(line("SKU-1", 5)))).isEmpty();
    }

    @Test
    void linesOfTheSameSkuCountTogether() {
        assertThat(inventory.shortages(List.of(line("SKU-1", 3), line("SKU-1", 3))))
                .containsExactly("items[0].sku SKU-1: ordered 6 exceeds stock 5");
    }

    @Test
    void unknownAndOutOfStockSkusAreBothReported() {
        assertThat(inventory.shortages(List.of(line("SKU-9", 1), line("SKU-2", 1))))
                .containsExactly("items[0].sku SKU-9 is not a known SKU", "items[1].sku SKU-2: ordered 1 exceeds stock 0");
    }

    private static LineItem line(String sku, int quantity) {
        return new LineItem(sku, quantity, BigDecimal.TEN);
    }
}
