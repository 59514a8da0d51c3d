package io.github.outbox.sample.order;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.MappedCollection;
import org.springframework.data.relational.core.mapping.Table;

/**
 * An order a user placed, with the titles and prices its lines had in the catalog at that
 * moment.
 */
@Table("orders")
record Order(@Id UUID id, UUID userId, @Nullable String phone, String currency, BigDecimal total, Instant placedAt,
		@MappedCollection(idColumn = "order_id", keyColumn = "line_index") List<OrderLine> lines) {

	/**
	 * The aggregate type of the order's outbox events: they go to
	 * {@code outbox.event.Order}.
	 */
	static final String AGGREGATE_TYPE = "Order";

	static Order place(UUID userId, @Nullable String phone, String currency, List<OrderLine> lines, Instant now) {
		BigDecimal total = lines.stream().map(OrderLine::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
		// PostgreSQL keeps microseconds: the event then carries the time the row has
		return new Order(UUID.randomUUID(), userId, phone, currency, total, now.truncatedTo(ChronoUnit.MICROS),
				List.copyOf(lines));
	}

	/** The lines as they go on the wire and out of the API. */
	List<OrderPlaced.Line> placedLines() {
		return this.lines.stream()
			.map((line) -> new OrderPlaced.Line(line.sku(), line.title(), line.quantity(), line.unitPrice()))
			.toList();
	}

}
