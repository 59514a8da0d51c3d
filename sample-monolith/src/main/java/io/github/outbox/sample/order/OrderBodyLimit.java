package io.github.outbox.sample.order;

import org.springframework.web.bind.annotation.ControllerAdvice;

import io.github.outbox.sample.RequestBodyLimit;

/**
 * Refuses an order body larger than {@code sample.orders.max-request-size} with
 * {@code 413} ({@link RequestBodyLimit}): an order has at most 50 lines, but Jackson
 * would read megabytes of padding before validation counts them.
 */
@ControllerAdvice(assignableTypes = OrderController.class)
class OrderBodyLimit extends RequestBodyLimit {

	OrderBodyLimit(OrderProperties settings) {
		super(settings.maxRequestSize());
	}

}
