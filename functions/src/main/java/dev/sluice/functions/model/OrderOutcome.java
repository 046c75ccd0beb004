package dev.sluice.functions.model;

import java.math.BigDecimal;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The common read view of {@code OrderFulfilled}, {@code OrderRejected} and {@code OrderFlagged} details;
 * {@code reasons} is absent for a fulfilled order.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record OrderOutcome(String orderId, String customerId, List<String> reasons, BigDecimal total, String currency) {
}
