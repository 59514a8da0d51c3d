package io.github.outbox.sample.signup;

import java.net.URI;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.github.outbox.sample.ContractDocument;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JSON the monolith writes for {@link ConfirmationRequested} has the shape of the
 * shared reference document that mail-relay reads too.
 */
class ConfirmationRequestedContractTests {

	private static final ContractDocument reference = ContractDocument.of("ConfirmationRequested");

	@Test
	void writesTheFieldsAndValueKindsOfTheReferenceDocument() {
		ConfirmationRequested event = new ConfirmationRequested(UUID.randomUUID(), "ada@example.com", "Ada Lovelace",
				URI.create("http://localhost:8080/api/signups/confirm?token=abc"), Instant.now());

		ContractDocument.assertSameShape(ContractDocument.written(event), reference.tree());
	}

	@Test
	void readsTheReferenceDocument() {
		ConfirmationRequested event = reference.read(ConfirmationRequested.class);
		assertThat(event.userId()).isEqualTo(UUID.fromString("0b7e9c1e-2f0a-4d5c-9a53-6a0f3f4b8d21"));
		assertThat(event.confirmationLink().getPath()).isEqualTo("/api/signups/confirm");
		assertThat(event.confirmationExpiresAt()).isEqualTo(Instant.parse("2026-11-26T12:30:00Z"));
	}

}
