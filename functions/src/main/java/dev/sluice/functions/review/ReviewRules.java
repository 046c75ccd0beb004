package dev.sluice.functions.review;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

import dev.sluice.functions.model.LineItem;
import dev.sluice.functions.model.OrderPlaced;

/** Why an order needs a human look. Deterministic: the same order always gives the same reasons. */
public record ReviewRules(BigDecimal totalThreshold, int largeQuantity) {

    /** The same test as the bus rule ({@code detail.total > threshold}): equal to the threshold is not above it. */
    public boolean exceedsThreshold(OrderPlaced order) {
        return order.total() != null && order.total().compareTo(totalThreshold) > 0;
    }

    /** @return the reasons to flag; empty when the total is not above the threshold */
    public List<String> reasons(OrderPlaced order) {
        List<String> reasons = new ArrayList<>();
        if (!exceedsThreshold(order)) {
            return reasons;
        }
        reasons.add("total " + order.total().setScale(2, RoundingMode.HALF_UP).toPlainString()
                + " exceeds " + totalThreshold.stripTrailingZeros().toPlainString());
        List<LineItem> items = order.items() == null ? List.of() : order.items();
        for (int i = 0; i < items.size(); i++) {
            LineItem item = items.get(i);
            if (item != null && item.quantity() != null && item.quantity() >= largeQuantity) {
                reasons.add("items[" + i + "].quantity " + item.quantity() + " of " + item.sku()
                        + " is at least " + largeQuantity);
            }
        }
        return reasons;
    }
}
