package io.github.outbox.sample.order;

import java.util.Collection;
import java.util.UUID;

import org.springframework.http.HttpStatus;

/**
 * Why an order was refused or is not found, as the HTTP status a client sees.
 */
abstract sealed class OrderFailure extends RuntimeException {

	private final HttpStatus status;

	OrderFailure(HttpStatus status, String message) {
		super(message);
		this.status = status;
	}

	HttpStatus status() {
		return this.status;
	}

	static final class UnknownUser extends OrderFailure {

		UnknownUser(UUID userId) {
			super(HttpStatus.UNPROCESSABLE_CONTENT, "No user has the id " + userId);
		}

	}

	static final class UnknownProducts extends OrderFailure {

		UnknownProducts(Collection<String> skus) {
			super(HttpStatus.UNPROCESSABLE_CONTENT, "The catalog has no product with the sku "
					+ String.join(", ", skus.stream().map((sku) -> "'" + sku + "'").toList()));
		}

	}

	static final class MixedCurrencies extends OrderFailure {

		MixedCurrencies(Collection<String> currencies) {
			super(HttpStatus.UNPROCESSABLE_CONTENT, "The products are priced in more than one currency ("
					+ String.join(", ", currencies) + "); an order has one currency");
		}

	}

	static final class UnknownOrder extends OrderFailure {

		UnknownOrder(UUID orderId) {
			super(HttpStatus.NOT_FOUND, "No order has the id " + orderId);
		}

	}

}
