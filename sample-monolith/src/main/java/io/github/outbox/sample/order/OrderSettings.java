package io.github.outbox.sample.order;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import io.github.outbox.sample.RequestBodyLimit;

/**
 * Settings of the orders, bound from {@code sample.orders.*}.
 *
 * @param maxRequestSize largest request body {@code POST /api/orders} reads; a larger one
 * is refused with 413 before it is parsed
 */
@ConfigurationProperties("sample.orders")
record OrderSettings(@DefaultValue("16KB") DataSize maxRequestSize) {

	OrderSettings {
		RequestBodyLimit.requireReadable("sample.orders.max-request-size", maxRequestSize);
	}

}
