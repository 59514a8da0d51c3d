package io.github.outbox.sample.order;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonFormat;
import org.jspecify.annotations.Nullable;

/**
 * A user placed an order. Carries what the order confirmation needs; its JSON shape is
 * the contract in {@code docs/contracts/OrderPlaced.json}. Amounts are strings with two
 * decimals ({@code "12.50"}), so that no consumer reads them as binary floating point.
 *
 * @param phone where the user wants to be called about the order, in E.164 form; null
 * when none was given
 */
public record OrderPlaced(UUID orderId, UUID userId, String email, String name, @Nullable String phone,
		List<Line> lines, String currency, @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal total,
		Instant placedAt) {

	public OrderPlaced {
		lines = List.copyOf(lines);
		total = inCents(total);
	}

	private static BigDecimal inCents(BigDecimal amount) {
		return amount.setScale(2, RoundingMode.UNNECESSARY);
	}

	/**
	 * A line of the order, with the title and price the catalog had when it was placed.
	 */
	public record Line(String sku, String title, int quantity,
			@JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal unitPrice) {

		public Line {
			unitPrice = inCents(unitPrice);
		}

	}

}
