package io.github.outbox.sample.signup;

import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.github.outbox.sample.ContractDocument;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JSON the monolith writes for {@link SignupAttempted} has the shape of the shared
 * reference document that mail-relay reads too.
 */
class SignupAttemptedContractTests {

	private static final ContractDocument reference = ContractDocument.of("SignupAttempted");

	@Test
	void writesTheFieldsAndValueKindsOfTheReferenceDocument() {
		SignupAttempted event = new SignupAttempted(UUID.randomUUID(), "ada@example.com", "Ada Lovelace", false,
				Instant.now());

		ContractDocument.assertSameShape(ContractDocument.written(event), reference.tree());
	}

	@Test
	void readsTheReferenceDocument() {
		SignupAttempted event = reference.read(SignupAttempted.class);
		assertThat(event.userId()).isEqualTo(UUID.fromString("0b7e9c1e-2f0a-4d5c-9a53-6a0f3f4b8d21"));
		assertThat(event.confirmed()).isTrue();
		assertThat(event.attemptedAt()).isEqualTo(Instant.parse("2026-11-26T12:30:00Z"));
	}

}
