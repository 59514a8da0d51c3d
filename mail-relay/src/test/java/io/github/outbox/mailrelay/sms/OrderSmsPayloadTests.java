package io.github.outbox.mailrelay.sms;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * The JSON shape of {@code OrderPlaced} as the SMS notifier reads it, against the
 * reference document the publisher is tested against too.
 */
class OrderSmsPayloadTests {

	private final JsonMapper json = JsonMapper.builder().build();

	@Test
	void readsTheReferenceDocument() throws IOException {
		OrderSmsPayload order = read(Files.readString(referenceDocument()));

		assertThat(order.orderId()).isEqualTo(UUID.fromString("6c1d2a7e-93b4-4f0e-8d52-1f7a9c3e5b60"));
		assertThat(order.phone()).isEqualTo("+447700900123");
		assertThat(order.currency()).isEqualTo("EUR");
		assertThat(order.total()).isEqualTo(new BigDecimal("28.20"));
		assertThat(order.shortId()).isEqualTo("6c1d2a7e");
	}

	@Test
	void needsNeitherAnAddressNorLinesNorAPhone() {
		OrderSmsPayload order = read("""
				{"orderId": "6c1d2a7e-93b4-4f0e-8d52-1f7a9c3e5b60", "phone": null, "currency": "EUR", "total": "3.20",
				 "giftWrap": true}""");

		assertThat(order.phone()).isNull();
		assertThat(read("""
				{"orderId": "6c1d2a7e-93b4-4f0e-8d52-1f7a9c3e5b60", "phone": " ", "currency": "EUR", "total": "1"}""")
			.phone()).isNull();
	}

	@Test
	void keepsOnlyTheDigitsAndThePlusOfAPhoneNumber() {
		assertThat(read("""
				{"orderId": "6c1d2a7e-93b4-4f0e-8d52-1f7a9c3e5b60", "phone": "+44 (7700) 900-123",
				 "currency": "EUR", "total": "1"}""").phone()).isEqualTo("+447700900123");
	}

	@Test
	void rejectsAPayloadTheSmsCannotBeBuiltFrom() {
		assertThatExceptionOfType(MalformedEventException.class).isThrownBy(() -> read(
				"""
						{"orderId": "6c1d2a7e-93b4-4f0e-8d52-1f7a9c3e5b60", "phone": "call me", "currency": "EUR", "total": "1"}"""))
			.withMessageContaining("is not a valid OrderPlaced: phone 'call me' is not a phone number");
		assertThatExceptionOfType(MalformedEventException.class).isThrownBy(() -> read("""
				{"phone": "+447700900123", "currency": "EUR", "total": "1"}"""))
			.withMessageContaining("orderId is missing");
		assertThatExceptionOfType(MalformedEventException.class).isThrownBy(() -> read("""
				{"orderId": "6c1d2a7e-93b4-4f0e-8d52-1f7a9c3e5b60", "currency": "EUR"}"""))
			.withMessageContaining("total is missing");
		assertThatExceptionOfType(MalformedEventException.class).isThrownBy(() -> read("not json"));
	}

	private OrderSmsPayload read(String payload) {
		return new ReceivedEvent(UUID.randomUUID(), "OrderPlaced", "order-1", payload.getBytes(UTF_8),
				"outbox.event.Order-0@0")
			.read(this.json, OrderSmsPayload.class);
	}

	static Path referenceDocument() {
		return ContractDocuments.of("OrderPlaced");
	}

}
