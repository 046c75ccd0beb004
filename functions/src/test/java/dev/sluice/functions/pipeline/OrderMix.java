package dev.sluice.functions.pipeline;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A deterministic mix of {@code OrderPlaced} details that produces every outcome of the example, against the rules in
 * functions/src/main/resources/application.properties: currencies USD, EUR, GBP; stock SKU-1 100, SKU-2 5,
 * SKU-3 1000; review above a total of 1000 (1000.00 is not above, 1000.01 is); large quantity 50.
 */
final class OrderMix {

    static final BigDecimal REVIEW_THRESHOLD = new BigDecimal("1000");

    enum Outcome { FULFILLED, REJECTED }

    /**
     * One kind of order, with what the example must answer.
     *
     * @param outcome      fulfilled or rejected
     * @param outcomeText  a fragment the OrderFulfilled / OrderRejected notification must contain (the reasons)
     * @param reviewText   a fragment the OrderFlagged notification must contain besides the total; null for none
     */
    enum Kind {
        VALID(Outcome.FULFILLED, "has been fulfilled", null),
        AT_THRESHOLD(Outcome.FULFILLED, "of 1000.00 ", null),
        JUST_ABOVE_THRESHOLD(Outcome.FULFILLED, "of 1000.01 ", null),
        LARGE_QUANTITY(Outcome.FULFILLED, "has been fulfilled", "items[0].quantity 60 of SKU-3 is at least 50"),
        WRONG_TOTAL(Outcome.REJECTED, "total must equal the sum of quantity * unitPrice, 20.00 (given 25.00)", null),
        UNKNOWN_CURRENCY(Outcome.REJECTED, "currency must be one of [EUR, GBP, USD] (given XYZ)", null),
        UNKNOWN_SKU(Outcome.REJECTED, "items[0].sku SKU-404 is not a known SKU", null),
        OUT_OF_STOCK(Outcome.REJECTED, "items[0].sku SKU-2: ordered 6 exceeds stock 5", null),
        ZERO_QUANTITY(Outcome.REJECTED, "items[1].quantity must be > 0 (given 0)", null),
        NEGATIVE_PRICE(Outcome.REJECTED, "items[0].unitPrice must be >= 0 (given -1.00)", null),
        NO_ITEMS(Outcome.REJECTED, "items must not be empty", null),
        NO_CURRENCY(Outcome.REJECTED, "currency is required", null),
        SEVERAL_PROBLEMS(Outcome.REJECTED, "total must equal the sum of quantity * unitPrice, 100.00 (given 2000.00);"
                + " currency must be one of [EUR, GBP, USD] (given JPY)", null);

        final Outcome outcome;
        final String outcomeText;
        final String reviewText;

        Kind(Outcome outcome, String outcomeText, String reviewText) {
            this.outcome = outcome;
            this.outcomeText = outcomeText;
            this.reviewText = reviewText;
        }
    }

    /** Valid orders are the common case; every other kind comes once per cycle, spread between them. */
    private static final Kind[] CYCLE = {
            Kind.VALID, Kind.AT_THRESHOLD, Kind.VALID, Kind.JUST_ABOVE_THRESHOLD, Kind.VALID, Kind.LARGE_QUANTITY,
            Kind.VALID, Kind.WRONG_TOTAL, Kind.VALID, Kind.UNKNOWN_CURRENCY, Kind.VALID, Kind.UNKNOWN_SKU,
            Kind.VALID, Kind.OUT_OF_STOCK, Kind.VALID, Kind.ZERO_QUANTITY, Kind.NEGATIVE_PRICE, Kind.NO_ITEMS,
            Kind.NO_CURRENCY, Kind.SEVERAL_PROBLEMS};

    /** Orders 0 to this (exclusive) hold every kind; the mix repeats after them. */
    static final int CYCLE_LENGTH = CYCLE.length;

    private static final String[] CURRENCIES = {"USD", "EUR", "GBP"};

    /**
     * Order number {@code n}.
     *
     * @param detail the OrderPlaced detail (BigDecimal amounts, as Jackson writes them)
     */
    record Order(String orderId, Kind kind, Map<String, Object> detail) {

        /** Null when the order has no total. */
        BigDecimal total() {
            return (BigDecimal) detail.get("total");
        }

        /** The review rule's test: {@code detail.total > 1000}. */
        boolean flagged() {
            return total() != null && total().compareTo(REVIEW_THRESHOLD) > 0;
        }
    }

    private OrderMix() {
    }

    static Kind kind(int n) {
        return CYCLE[n % CYCLE.length];
    }

    static Order order(String prefix, int n) {
        Kind kind = kind(n);
        String orderId = String.format("%s-%04d", prefix, n);
        List<Map<String, Object>> items = new ArrayList<>();
        String currency = CURRENCIES[n % CURRENCIES.length];
        BigDecimal total = null;
        switch (kind) {
            case VALID -> {
                items.add(item("SKU-1", 1 + n % 3, "19.99"));
                items.add(item("SKU-3", 1 + n % 5, "5.50"));
            }
            case AT_THRESHOLD -> items.add(item("SKU-1", 4, "250.00"));
            case JUST_ABOVE_THRESHOLD -> items.add(item("SKU-3", 1, "1000.01"));
            case LARGE_QUANTITY -> items.add(item("SKU-3", 60, "25.00"));
            case WRONG_TOTAL -> {
                items.add(item("SKU-1", 2, "10.00"));
                total = new BigDecimal("25.00");
            }
            case UNKNOWN_CURRENCY -> {
                items.add(item("SKU-1", 3, "500.00"));
                currency = "XYZ";
            }
            case UNKNOWN_SKU -> items.add(item("SKU-404", 1, "10.00"));
            case OUT_OF_STOCK -> items.add(item("SKU-2", 6, "200.00"));
            case ZERO_QUANTITY -> {
                items.add(item("SKU-1", 1, "10.00"));
                items.add(item("SKU-3", 0, "5.00"));
            }
            case NEGATIVE_PRICE -> items.add(item("SKU-1", 1, "-1.00"));
            case NO_ITEMS -> total = new BigDecimal("0.00");
            case NO_CURRENCY -> {
                items.add(item("SKU-1", 1, "10.00"));
                currency = null;
            }
            case SEVERAL_PROBLEMS -> {
                items.add(item("SKU-3", 2, "50.00"));
                total = new BigDecimal("2000.00");
                currency = "JPY";
            }
            default -> throw new IllegalArgumentException("unknown kind " + kind);
        }
        if (total == null) {
            total = sum(items);
        }
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("orderId", orderId);
        detail.put("customerId", "c-" + (n % 37));
        detail.put("items", items);
        detail.put("total", total);
        if (currency != null) {
            detail.put("currency", currency);
        }
        return new Order(orderId, kind, detail);
    }

    private static Map<String, Object> item(String sku, int quantity, String unitPrice) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("sku", sku);
        item.put("quantity", quantity);
        item.put("unitPrice", new BigDecimal(unitPrice));
        return item;
    }

    private static BigDecimal sum(List<Map<String, Object>> items) {
        BigDecimal sum = new BigDecimal("0.00");
        for (Map<String, Object> item : items) {
            sum = sum.add(((BigDecimal) item.get("unitPrice")).multiply(BigDecimal.valueOf((int) item.get("quantity"))));
        }
        return sum;
    }
}
