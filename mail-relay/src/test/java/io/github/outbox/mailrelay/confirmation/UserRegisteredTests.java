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
 * The JSON shape of {@code UserRegistered}: mail-relay's own record against the reference
 * document the publisher is tested against too.
 */
class UserRegisteredTests {

	private final ConfirmationMail confirmationMail = ConfirmationMail.forRegistration(JsonMapper.builder().build());

	@Test
	void readsTheReferenceDocument() throws IOException {
		ConfirmationPayload registered = read(Files.readString(referenceDocument()));

		assertThat(registered.userId()).isEqualTo(UUID.fromString("0b7e9c1e-2f0a-4d5c-9a53-6a0f3f4b8d21"));
		assertThat(registered.email()).isEqualTo("ada@example.com");
		assertThat(registered.name()).isEqualTo("Ada Lovelace");
		assertThat(registered.confirmationLink()).isEqualTo(URI
			.create("http://localhost:8080/api/signups/confirm?token=q2W3e4R5t6Y7u8I9o0P1a2S3d4F5g6H7j8K9l0Z1x2C"));
		assertThat(registered.confirmationExpiresAt()).isEqualTo(Instant.parse("2026-11-26T11:00:00Z"));
	}

	@Test
	void ignoresFieldsAddedLater() {
		ConfirmationPayload registered = read("""
				{"userId": "0b7e9c1e-2f0a-4d5c-9a53-6a0f3f4b8d21", "email": "ada@example.com",
				 "name": "Ada", "confirmationLink": "https://example.com/confirm?token=t",
				 "confirmationExpiresAt": "2026-11-26T11:00:00Z",
				 "locale": "en-GB", "referrer": {"campaign": "spring"}}""");

		assertThat(registered.email()).isEqualTo("ada@example.com");
	}

	@Test
	void needsOnlyTheEmailAndTheLink() {
		ConfirmationPayload registered = read("""
				{"email": "ada@example.com", "confirmationLink": "https://example.com/confirm?token=t"}""");

		assertThat(registered.userId()).isNull();
		assertThat(registered.name()).isNull();
		assertThat(registered.confirmationExpiresAt()).isNull();
	}

	@Test
	void rejectsAPayloadWithoutEmail() {
		assertThatExceptionOfType(MalformedEventException.class).isThrownBy(() -> read("""
				{"name": "Ada", "confirmationLink": "https://example.com/confirm?token=t"}"""))
			.withMessageContaining("email is missing");
	}

	@Test
	void rejectsAPayloadWithoutConfirmationLink() {
		assertThatExceptionOfType(MalformedEventException.class).isThrownBy(() -> read("""
				{"name": "Ada", "email": "ada@example.com"}""")).withMessageContaining("confirmationLink is missing");
	}

	@Test
	void rejectsAnInvalidEmail() {
		assertThatExceptionOfType(MalformedEventException.class).isThrownBy(() -> read("""
				{"email": "ada at example.com", "confirmationLink": "https://example.com/confirm"}"""));
		assertThatExceptionOfType(MalformedEventException.class).isThrownBy(() -> read("""
				{"email": "Ada <ada@example.com>, bob@example.com", "confirmationLink": "https://example.com/c"}"""));
	}

	@Test
	void rejectsALinkThatIsNotHttp() {
		assertThatExceptionOfType(MalformedEventException.class).isThrownBy(() -> read("""
				{"email": "ada@example.com", "confirmationLink": "javascript:alert(1)"}"""))
			.withMessageContaining("not an absolute http or https link");
	}

	@Test
	void rejectsMalformedJson() {
		assertThatExceptionOfType(MalformedEventException.class).isThrownBy(() -> read("{\"email\": "));
		assertThatExceptionOfType(MalformedEventException.class).isThrownBy(() -> read("not json"));
		assertThatExceptionOfType(MalformedEventException.class).isThrownBy(() -> read("""
				{"email": "ada@example.com", "confirmationLink": "https://example.com/c",
				 "confirmationExpiresAt": "next Tuesday"}"""));
	}

	private ConfirmationPayload read(String json) {
		return this.confirmationMail.read(new ReceivedEvent(UUID.randomUUID(), "UserRegistered", "user-1",
				json.getBytes(StandardCharsets.UTF_8), "outbox.event.User-0@0"));
	}

	static Path referenceDocument() {
		return ContractDocuments.of("UserRegistered");
	}

}
