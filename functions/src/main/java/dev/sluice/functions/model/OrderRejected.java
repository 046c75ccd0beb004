package dev.sluice.functions.model;

import java.math.BigDecimal;
import java.util.List;

/** Detail of {@code OrderRejected}: every reason found, each naming the field at fault. */
public record OrderRejected(String orderId, String customerId, List<String> reasons, BigDecimal total, String currency) {
}
