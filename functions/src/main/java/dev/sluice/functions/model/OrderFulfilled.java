package dev.sluice.functions.model;

import java.math.BigDecimal;

/** Detail of {@code OrderFulfilled}. */
public record OrderFulfilled(String orderId, String customerId, BigDecimal total, String currency) {
}
