package io.github.outbox.mailrelay.sms;

import java.math.BigDecimal;
import java.util.UUID;
import java.util.regex.Pattern;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.jspecify.annotations.Nullable;

/**
 * What the SMS notifier reads of an {@code OrderPlaced} event's JSON payload; the
 * reference document is {@code docs/contracts/OrderPlaced.json}. Its own record rather
 * than the order mail's: it needs neither the address nor the lines, so an order the mail
 * cannot be built from still gets its SMS, and the other way round.
 *
 * @param orderId the order's id; required
 * @param phone the customer's number, without spaces, dashes, dots or brackets;
 * {@code null} when the order has none
 * @param currency ISO 4217 code of the total; required
 * @param total what the order costs in all, exactly as sent; required
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record OrderSmsPayload(UUID orderId, @Nullable String phone, String currency, BigDecimal total) {

	private static final Pattern PHONE_NUMBER = Pattern.compile("\\+?[0-9]{6,15}");

	OrderSmsPayload {
		if (orderId == null) {
			throw new IllegalArgumentException("orderId is missing");
		}
		phone = phoneNumberOrNull(phone);
		if (currency == null || currency.isBlank()) {
			throw new IllegalArgumentException("currency is missing");
		}
		if (total == null) {
			throw new IllegalArgumentException("total is missing");
		}
	}

	/** The first eight characters of the order id, how the customer refers to it. */
	String shortId() {
		return this.orderId.toString().substring(0, 8);
	}

	private static @Nullable String phoneNumberOrNull(@Nullable String phone) {
		if (phone == null || phone.isBlank()) {
			return null;
		}
		String number = phone.replaceAll("[\\s().-]", "");
		if (!PHONE_NUMBER.matcher(number).matches()) {
			throw new IllegalArgumentException("phone '" + phone + "' is not a phone number");
		}
		return number;
	}

}
