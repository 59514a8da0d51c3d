package io.github.outbox.mailrelay.confirmation;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import io.github.outbox.mailrelay.ContractDocuments;
import io.github.outbox.mailrelay.MalformedEventException;
import io.github.outbox.mailrelay.ReceivedEvent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The JSON shape of {@code ConfirmationRequested}: mail-relay's own record against the
 * reference document the publisher is tested against too.
 */
class ConfirmationRequestedTests {

	private final ConfirmationMail resentMail = ConfirmationMail.forResend(JsonMapper.builder().build());

	@Test
	void readsTheReferenceDocument() throws IOException {
		ConfirmationPayload requested = read(Files.readString(referenceDocument()));

		assertThat(requested.userId()).isEqualTo(UUID.fromString("0b7e9c1e-2f0a-4d5c-9a53-6a0f3f4b8d21"));
		assertThat(requested.email()).isEqualTo("ada@example.com");
		assertThat(requested.name()).isEqualTo("Ada Lovelace");
		assertThat(requested.confirmationLink()).isEqualTo(URI
			.create("http://localhost:8080/api/signups/confirm?token=Zx8Cv7Bn6Mm5Ll4Kk3Jj2Hh1Gg0Ff9Dd8Ss7Aa6Qq5W"));
		assertThat(requested.confirmationExpiresAt()).isEqualTo(Instant.parse("2026-11-26T12:30:00Z"));
	}

	@Test
	void ignoresFieldsAddedLaterAndNeedsOnlyTheEmailAndTheLink() {
		ConfirmationPayload requested = read("""
				{"email": "ada@example.com", "confirmationLink": "https://example.com/confirm?token=t",
				 "requestedFrom": "203.0.113.7", "locale": "en-GB"}""");

		assertThat(requested.email()).isEqualTo("ada@example.com");
		assertThat(requested.userId()).isNull();
		assertThat(requested.name()).isNull();
		assertThat(requested.confirmationExpiresAt()).isNull();
	}

	@Test
	void rejectsAPayloadWithoutAUsableEmailOrLink() {
		assertThatExceptionOfType(MalformedEventException.class).isThrownBy(() -> read("""
				{"name": "Ada", "confirmationLink": "https://example.com/confirm?token=t"}"""))
			.withMessageContaining("is not a valid ConfirmationRequested: email is missing");
		assertThatExceptionOfType(MalformedEventException.class).isThrownBy(() -> read("""
				{"email": "ada@example.com, eve@example.com", "confirmationLink": "https://example.com/c"}"""));
		assertThatExceptionOfType(MalformedEventException.class).isThrownBy(() -> read("""
				{"email": "ada@example.com"}""")).withMessageContaining("confirmationLink is missing");
		assertThatExceptionOfType(MalformedEventException.class).isThrownBy(() -> read("""
				{"email": "ada@example.com", "confirmationLink": "javascript:alert(1)"}"""))
			.withMessageContaining("not an absolute http or https link");
		assertThatExceptionOfType(MalformedEventException.class).isThrownBy(() -> read("{\"email\": "));
	}

	private ConfirmationPayload read(String json) {
		return this.resentMail.read(new ReceivedEvent(UUID.randomUUID(), "ConfirmationRequested", "user-1",
				json.getBytes(StandardCharsets.UTF_8), "outbox.event.User-0@0"));
	}

	static Path referenceDocument() {
		return ContractDocuments.of("ConfirmationRequested");
	}

}
