package io.github.outbox.mailrelay.order;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import io.github.outbox.mailrelay.ContractDocuments;
import io.github.outbox.mailrelay.MalformedEventException;
import io.github.outbox.mailrelay.ReceivedEvent;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The JSON shape of {@code OrderPlaced} as the order mail reads it: mail-relay's own
 * record against the reference document the publisher is tested against too.
 */
class OrderMailPayloadTests {

	private final OrderConfirmationMail orderMail = new OrderConfirmationMail(JsonMapper.builder().build());

	@Test
	void readsTheReferenceDocument() throws IOException {
		OrderMailPayload order = read(Files.readString(referenceDocument()));

		assertThat(order.orderId()).isEqualTo(UUID.fromString("6c1d2a7e-93b4-4f0e-8d52-1f7a9c3e5b60"));
		assertThat(order.email()).isEqualTo("ada@example.com");
		assertThat(order.name()).isEqualTo("Ada Lovelace");
		assertThat(order.lines()).containsExactly(
				new OrderMailPayload.Line("BOOK-001", "Notes on the Analytical Engine", 2, new BigDecimal("12.50")),
				new OrderMailPayload.Line("PEN-042", "Fountain pen", 1, new BigDecimal("3.20")));
		assertThat(order.currency()).isEqualTo("EUR");
		assertThat(order.total()).isEqualTo(new BigDecimal("28.20"));
		assertThat(order.placedAt()).isEqualTo(Instant.parse("2026-11-25T11:00:00Z"));
		assertThat(order.shortId()).isEqualTo("6c1d2a7e");
	}

	@Test
	void ignoresFieldsAddedLaterAndNeedsNoNamePhoneOrTime() {
		OrderMailPayload order = read("""
				{"orderId": "6c1d2a7e-93b4-4f0e-8d52-1f7a9c3e5b60", "email": "ada@example.com", "phone": null,
				 "lines": [{"title": "Fountain pen", "quantity": 1, "unitPrice": "3.20", "colour": "blue"}],
				 "currency": "EUR", "total": "3.20", "shipping": {"method": "post"}}""");

		assertThat(order.name()).isNull();
		assertThat(order.placedAt()).isNull();
		assertThat(order.lines()).singleElement().extracting(OrderMailPayload.Line::sku).isNull();
	}

	@Test
	void rejectsAPayloadTheMailCannotBeBuiltFrom() {
		assertThatExceptionOfType(MalformedEventException.class).isThrownBy(() -> read("""
				{"orderId": "6c1d2a7e-93b4-4f0e-8d52-1f7a9c3e5b60", "lines": [], "currency": "EUR", "total": "0"}"""))
			.withMessageContaining("is not a valid OrderPlaced: email is missing");
		assertThatExceptionOfType(MalformedEventException.class).isThrownBy(() -> read("""
				{"orderId": "6c1d2a7e-93b4-4f0e-8d52-1f7a9c3e5b60", "email": "ada@example.com",
				 "lines": [], "currency": "EUR", "total": "0"}""")).withMessageContaining("lines is missing or empty");
		assertThatExceptionOfType(MalformedEventException.class).isThrownBy(() -> read("""
				{"orderId": "6c1d2a7e-93b4-4f0e-8d52-1f7a9c3e5b60", "email": "ada@example.com",
				 "lines": [{"title": "Pen", "quantity": 0, "unitPrice": "3.20"}], "currency": "EUR", "total": "0"}"""))
			.withMessageContaining("the quantity of 'Pen' is 0");
		assertThatExceptionOfType(MalformedEventException.class).isThrownBy(() -> read(
				"""
						{"orderId": "6c1d2a7e-93b4-4f0e-8d52-1f7a9c3e5b60", "email": "ada@example.com",
						 "lines": [{"title": "Pen", "quantity": 1, "unitPrice": "three"}], "currency": "EUR", "total": "3"}"""));
		assertThatExceptionOfType(MalformedEventException.class).isThrownBy(() -> read("""
				{"email": "ada@example.com", "lines": [{"title": "Pen", "quantity": 1, "unitPrice": "3"}],
				 "currency": "EUR", "total": "3"}""")).withMessageContaining("orderId is missing");
		assertThatExceptionOfType(MalformedEventException.class).isThrownBy(() -> read("{\"orderId\": "));
	}

	private OrderMailPayload read(String json) {
		return this.orderMail.read(new ReceivedEvent(UUID.randomUUID(), "OrderPlaced", "order-1", json.getBytes(UTF_8),
				"outbox.event.Order-0@0"));
	}

	static Path referenceDocument() {
		return ContractDocuments.of("OrderPlaced");
	}

}
