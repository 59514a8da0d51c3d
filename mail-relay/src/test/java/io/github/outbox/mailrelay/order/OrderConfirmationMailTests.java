package io.github.outbox.mailrelay.order;

import java.io.IOException;
import java.nio.file.Files;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import io.github.outbox.mailrelay.Mail;
import io.github.outbox.mailrelay.ReceivedEvent;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

class OrderConfirmationMailTests {

	private final OrderConfirmationMail orderMail = new OrderConfirmationMail(JsonMapper.builder().build());

	@Test
	void handlesOrderPlaced() {
		assertThat(this.orderMail.eventType()).isEqualTo("OrderPlaced");
	}

	@Test
	void listsEachLineWithItsQuantityAndPricesAndTheTotal() throws IOException {
		Mail mail = compose(Files.readString(OrderMailPayloadTests.referenceDocument()));

		assertThat(mail.to()).isEqualTo("ada@example.com");
		assertThat(mail.subject()).isEqualTo("Your order 6c1d2a7e");
		assertThat(mail.text()).isEqualTo("""
				Hi Ada Lovelace,

				Thank you for your order 6c1d2a7e, placed on 25 November 2026 at 11:00 UTC.

				2 x Notes on the Analytical Engine at EUR 12.50: EUR 25.00
				1 x Fountain pen at EUR 3.20: EUR 3.20

				Total: EUR 28.20

				Order number: 6c1d2a7e-93b4-4f0e-8d52-1f7a9c3e5b60
				""");
		assertThat(mail.html()).contains("<p>Hi Ada Lovelace,</p>")
			.contains("<tr><td>Notes on the Analytical Engine</td><td>2</td><td>EUR 12.50</td><td>EUR 25.00</td></tr>")
			.contains("<tr><td>Fountain pen</td><td>1</td><td>EUR 3.20</td><td>EUR 3.20</td></tr>")
			.contains("<tr><th colspan=\"3\">Total</th><td>EUR 28.20</td></tr>");
	}

	@Test
	void escapesTheValuesInHtmlButNotInText() {
		Mail mail = compose("""
				{"orderId": "6c1d2a7e-93b4-4f0e-8d52-1f7a9c3e5b60", "email": "eve@example.com",
				 "name": "Eve <script>", "currency": "EUR", "total": "1.00",
				 "lines": [{"title": "<b>Bold</b> & brash", "quantity": 1, "unitPrice": "1.00"}]}""");

		assertThat(mail.html()).doesNotContain("<script>")
			.doesNotContain("<b>")
			.contains("Hi Eve &lt;script&gt;,")
			.contains("<td>&lt;b&gt;Bold&lt;/b&gt; &amp; brash</td>");
		assertThat(mail.text()).startsWith("Hi Eve <script>,").contains("1 x <b>Bold</b> & brash at EUR 1.00");
	}

	@Test
	void greetsWithoutANameAndLeavesOutAMissingTime() {
		Mail mail = compose(
				"""
						{"orderId": "6c1d2a7e-93b4-4f0e-8d52-1f7a9c3e5b60", "email": "ada@example.com",
						 "currency": "EUR", "total": "3.20", "lines": [{"title": "Pen", "quantity": 1, "unitPrice": "3.20"}]}""");

		assertThat(mail.text()).startsWith("Hi there,").contains("Thank you for your order 6c1d2a7e.");
		assertThat(mail.html()).contains("<p>Hi there,</p>").doesNotContain("placed on");
	}

	private Mail compose(String json) {
		return this.orderMail.compose(new ReceivedEvent(UUID.randomUUID(), "OrderPlaced", "order-1",
				json.getBytes(UTF_8), "outbox.event.Order-0@0"));
	}

}
