package io.github.outbox.sample.order;

import java.util.Collection;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * Why an order was refused or is not found, as the problem a client sees.
 */
abstract sealed class OrderFailure extends ErrorResponseException {

	OrderFailure(HttpStatus status, String detail) {
		super(status, ProblemDetail.forStatusAndDetail(status, detail), null);
	}

	/** No account has the id, or it is not confirmed: the answer does not say which. */
	static final class NoConfirmedAccount extends OrderFailure {

		NoConfirmedAccount(UUID userId) {
			super(HttpStatus.UNPROCESSABLE_CONTENT, "No confirmed account has the id " + userId
					+ "; an account can order once its address is confirmed with the link in the confirmation mail");
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
