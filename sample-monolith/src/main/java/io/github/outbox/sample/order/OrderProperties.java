package io.github.outbox.sample.order;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import io.github.outbox.sample.RequestBodyLimit;

/**
 * Settings of the orders, bound from {@code sample.orders.*}.
 *
 * @param maxRequestSize largest request body {@code POST /api/orders} reads; a larger one
 * is refused with 413, unread when its {@code Content-Length} says so
 * @param mailsPerAccount most orders one account may place within the limit's window:
 * each one mails the account; 0 means no limit
 * @param textsPerPhone most orders that may name one phone number within the limit's
 * window: each one texts it; 0 means no limit
 * @param limitWindow the sliding period over which the limits count
 */
@ConfigurationProperties("sample.orders")
record OrderProperties(@DefaultValue("16KB") DataSize maxRequestSize, @DefaultValue("10") int mailsPerAccount,
		@DefaultValue("5") int textsPerPhone, @DefaultValue("1h") Duration limitWindow) {

	OrderProperties {
		RequestBodyLimit.requireReadable("sample.orders.max-request-size", maxRequestSize);
	}

}
