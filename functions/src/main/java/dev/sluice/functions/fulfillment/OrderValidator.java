package dev.sluice.functions.fulfillment;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import dev.sluice.functions.model.LineItem;
import dev.sluice.functions.model.OrderPlaced;

/** Checks an order's own consistency. Every problem is reported, each naming its field, the rule and the value. */
public final class OrderValidator {

    /** Totals are money: a difference below one cent is rounding, not an error. */
    static final BigDecimal TOLERANCE = new BigDecimal("0.01");

    private final Set<String> currencies;

    public OrderValidator(Set<String> currencies) {
        this.currencies = new TreeSet<>(currencies);
    }

    /** @return the problems found; empty when the order is valid */
    public List<String> check(OrderPlaced order) {
        List<String> problems = new ArrayList<>();
        requireText(order.orderId(), "orderId", problems);
        requireText(order.customerId(), "customerId", problems);

        BigDecimal sum = BigDecimal.ZERO;
        boolean sumKnown = true;
        List<LineItem> items = order.items();
        if (items == null || items.isEmpty()) {
            problems.add("items must not be empty");
            sumKnown = false;
        } else {
            for (int i = 0; i < items.size(); i++) {
                LineItem item = items.get(i);
                String at = "items[" + i + "]";
                if (item == null) {
                    problems.add(at + " must not be null");
                    sumKnown = false;
                    continue;
                }
                requireText(item.sku(), at + ".sku", problems);
                if (item.quantity() == null) {
                    problems.add(at + ".quantity is required");
                    sumKnown = false;
                } else if (item.quantity() <= 0) {
                    problems.add(at + ".quantity must be > 0 (given " + item.quantity() + ")");
                }
                if (item.unitPrice() == null) {
                    problems.add(at + ".unitPrice is required");
                    sumKnown = false;
                } else if (item.unitPrice().signum() < 0) {
                    problems.add(at + ".unitPrice must be >= 0 (given " + item.unitPrice().toPlainString() + ")");
                }
                if (item.quantity() != null && item.unitPrice() != null) {
                    sum = sum.add(item.unitPrice().multiply(BigDecimal.valueOf(item.quantity())));
                }
            }
        }

        if (order.total() == null) {
            problems.add("total is required");
        } else if (sumKnown && order.total().subtract(sum).abs().compareTo(TOLERANCE) >= 0) {
            problems.add("total must equal the sum of quantity * unitPrice, " + money(sum)
                    + " (given " + order.total().toPlainString() + ")");
        }

        if (order.currency() == null || order.currency().isBlank()) {
            problems.add("currency is required");
        } else if (!currencies.contains(order.currency())) {
            problems.add("currency must be one of " + currencies + " (given " + order.currency() + ")");
        }
        return problems;
    }

    /** At least two decimals, as money is written; never drops digits the sum really has. */
    private static String money(BigDecimal amount) {
        return amount.setScale(Math.max(2, amount.scale()), RoundingMode.UNNECESSARY).toPlainString();
    }

    private static void requireText(String value, String field, List<String> problems) {
        if (value == null || value.isBlank()) {
            problems.add(field + " is required");
        }
    }
}
