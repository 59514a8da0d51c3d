package io.github.outbox.mailrelay.order;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

import io.github.outbox.mailrelay.Mail;
import io.github.outbox.mailrelay.MailComposer;
import io.github.outbox.mailrelay.MailTemplate;
import io.github.outbox.mailrelay.ReceivedEvent;

import org.springframework.stereotype.Component;

/**
 * The mail confirming an order to the customer: each line with its quantity and price,
 * and the total, rendered from {@code templates/mail/order-confirmation.*.mustache}.
 * Amounts are shown as the event gives them, with the currency code; the mail computes
 * nothing but each line's amount.
 */
@Component
class OrderConfirmationMail implements MailComposer {

	static final String EVENT_TYPE = "OrderPlaced";

	private static final MailTemplate TEMPLATE = MailTemplate.named("order-confirmation");

	private final JsonMapper json;

	OrderConfirmationMail(JsonMapper json) {
		this.json = json;
	}

	@Override
	public String eventType() {
		return EVENT_TYPE;
	}

	@Override
	public Mail compose(ReceivedEvent event) {
		OrderMailPayload order = read(event);
		Map<String, Object> values = new HashMap<>();
		values.put("name", (order.name() != null) ? order.name() : "there");
		values.put("orderId", order.orderId().toString());
		values.put("shortId", order.shortId());
		values.put("lines", order.lines().stream().map((line) -> line(line, order.currency())).toList());
		values.put("total", money(order.total(), order.currency()));
		if (order.placedAt() != null) {
			values.put("placedAt", MailTemplate.TIME.format(order.placedAt()));
		}
		return TEMPLATE.render(order.email(), subject(order), values);
	}

	OrderMailPayload read(ReceivedEvent event) {
		return event.read(this.json, OrderMailPayload.class);
	}

	static String subject(OrderMailPayload order) {
		return "Your order " + order.shortId();
	}

	private static Map<String, Object> line(OrderMailPayload.Line line, String currency) {
		return Map.of("title", line.title(), "quantity", line.quantity(), "unitPrice",
				money(line.unitPrice(), currency), "amount", money(line.amount(), currency));
	}

	private static String money(BigDecimal amount, String currency) {
		return currency + " " + amount.toPlainString();
	}

}
