package io.github.outbox.sample.order;

import java.math.BigDecimal;

import org.springframework.data.relational.core.mapping.Table;

/**
 * A line of an {@link Order}: a quantity of one product, at its catalog price.
 */
@Table("order_lines")
record OrderLine(String sku, String title, int quantity, BigDecimal unitPrice) {

	static OrderLine of(Product product, int quantity) {
		return new OrderLine(product.sku(), product.title(), quantity, product.unitPrice());
	}

	BigDecimal amount() {
		return this.unitPrice.multiply(BigDecimal.valueOf(this.quantity));
	}

}
