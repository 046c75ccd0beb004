package dev.sluice.functions.model;

import java.math.BigDecimal;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** One line of an order. Fields are boxed so that a missing value is seen (and named) by validation. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record LineItem(String sku, Integer quantity, BigDecimal unitPrice) {
}
