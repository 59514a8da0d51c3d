package io.github.outbox.sample.order;

import java.math.BigDecimal;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/**
 * A product of the catalog: what a client may order, and at what price.
 */
@Table("products")
record Product(@Id String sku, String title, BigDecimal unitPrice, String currency) {
}
