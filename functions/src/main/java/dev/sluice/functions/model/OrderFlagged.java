package dev.sluice.functions.model;

import java.math.BigDecimal;
import java.util.List;

/** Detail of {@code OrderFlagged}: why the order needs a human review. */
public record OrderFlagged(String orderId, String customerId, List<String> reasons, BigDecimal total, String currency) {
}
