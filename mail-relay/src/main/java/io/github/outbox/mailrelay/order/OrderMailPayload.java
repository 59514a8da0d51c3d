package io.github.outbox.mailrelay.order;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.jspecify.annotations.Nullable;

import io.github.outbox.mailrelay.Mail;

/**
 * What the order confirmation mail reads of an {@code OrderPlaced} event's JSON payload,
 * checked as it is read so that a payload the mail cannot be built from is a poison
 * record. The reference document is {@code docs/contracts/OrderPlaced.json}; fields added
 * later, and those the mail does not show (user id, phone), are ignored. Money travels as
 * JSON strings ({@code "12.50"}), read exactly.
 *
 * @param orderId the order's id; required
 * @param email the customer's address, where the mail goes; required
 * @param name the customer's name, for the greeting
 * @param lines what was ordered; at least one line
 * @param currency ISO 4217 code of every amount; required
 * @param total what the order costs in all; required
 * @param placedAt when the order was placed
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record OrderMailPayload(UUID orderId, String email, @Nullable String name, List<Line> lines, String currency,
		BigDecimal total, @Nullable Instant placedAt) {

	OrderMailPayload {
		if (orderId == null) {
			throw new IllegalArgumentException("orderId is missing");
		}
		email = Mail.requireBareAddress(email);
		name = (name != null && !name.isBlank()) ? name : null;
		if (lines == null || lines.isEmpty()) {
			throw new IllegalArgumentException("lines is missing or empty");
		}
		lines = List.copyOf(lines);
		if (currency == null || !currency.matches("[A-Z]{3}")) {
			throw new IllegalArgumentException("currency '" + currency + "' is not an ISO 4217 code");
		}
		if (total == null) {
			throw new IllegalArgumentException("total is missing");
		}
	}

	/** The first eight characters of the order id, how the customer refers to it. */
	String shortId() {
		return this.orderId.toString().substring(0, 8);
	}

	/**
	 * One line of the order.
	 *
	 * @param sku the article number
	 * @param title what the article is called; required
	 * @param quantity how many; at least one
	 * @param unitPrice the price of one; required
	 */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record Line(@Nullable String sku, String title, int quantity, BigDecimal unitPrice) {

		Line {
			if (title == null || title.isBlank()) {
				throw new IllegalArgumentException("a line's title is missing");
			}
			if (quantity < 1) {
				throw new IllegalArgumentException("the quantity of '" + title + "' is " + quantity);
			}
			if (unitPrice == null) {
				throw new IllegalArgumentException("the unitPrice of '" + title + "' is missing");
			}
		}

		BigDecimal amount() {
			return this.unitPrice.multiply(BigDecimal.valueOf(this.quantity));
		}

	}

}
