package dev.sluice.functions.fulfillment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.sluice.functions.model.LineItem;

/**
 * Stock per SKU from configuration. It is a fixed rule, not a ledger: the same order always gets the same answer,
 * which is what retries and tests need.
 */
public final class Inventory {

    private final Map<String, Integer> stock;

    public Inventory(Map<String, Integer> stock) {
        this.stock = Map.copyOf(stock);
    }

    /** @return why the items cannot be shipped; empty when they can. Lines of the same SKU count together. */
    public List<String> shortages(List<LineItem> items) {
        Map<String, Integer> ordered = new LinkedHashMap<>();
        Map<String, Integer> firstLine = new LinkedHashMap<>();
        for (int i = 0; i < items.size(); i++) {
            LineItem item = items.get(i);
            ordered.merge(item.sku(), item.quantity(), Integer::sum);
            firstLine.putIfAbsent(item.sku(), i);
        }
        List<String> shortages = new ArrayList<>();
        ordered.forEach((sku, quantity) -> {
            String at = "items[" + firstLine.get(sku) + "].sku";
            Integer available = stock.get(sku);
            if (available == null) {
                shortages.add(at + " " + sku + " is not a known SKU");
            } else if (quantity > available) {
                shortages.add(at + " " + sku + ": ordered " + quantity + " exceeds stock " + available);
            }
        });
        return shortages;
    }
}
