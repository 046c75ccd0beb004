package dev.sluice.functions.model;

import java.math.BigDecimal;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** Detail of {@code OrderPlaced}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record OrderPlaced(String orderId, String customerId, List<LineItem> items, BigDecimal total, String currency) {
}
