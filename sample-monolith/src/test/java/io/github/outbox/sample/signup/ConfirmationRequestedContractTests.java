package io.github.outbox.sample.signup;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JSON the monolith writes for {@link ConfirmationRequested} has the shape of the
 * shared reference document that mail-relay reads too.
 */
class ConfirmationRequestedContractTests {

	private final JsonMapper json = JsonMapper.builder().build();

	@Test
	void writesTheFieldsAndValueKindsOfTheReferenceDocument() throws Exception {
		JsonNode reference = this.json.readTree(Files.readString(referenceDocument()));
		ConfirmationRequested event = new ConfirmationRequested(UUID.randomUUID(), "ada@example.com", "Ada Lovelace",
				URI.create("http://localhost:8080/api/signups/confirm?token=abc"), Instant.now());

		JsonNode written = this.json.readTree(this.json.writeValueAsString(event));

		assertThat(Set.copyOf(written.propertyNames())).isEqualTo(Set.copyOf(reference.propertyNames()));
		for (String name : reference.propertyNames()) {
			assertThat(written.get(name).getNodeType()).as(name).isEqualTo(reference.get(name).getNodeType());
		}
	}

	@Test
	void readsTheReferenceDocument() throws Exception {
		ConfirmationRequested event = this.json.readValue(Files.readString(referenceDocument()),
				ConfirmationRequested.class);
		assertThat(event.userId()).isEqualTo(UUID.fromString("0b7e9c1e-2f0a-4d5c-9a53-6a0f3f4b8d21"));
		assertThat(event.confirmationLink().getPath()).isEqualTo("/api/signups/confirm");
		assertThat(event.confirmationExpiresAt()).isEqualTo(Instant.parse("2026-11-26T12:30:00Z"));
	}

	static Path referenceDocument() {
		return Path.of(System.getProperty("project.root", ".."), "docs", "contracts", "ConfirmationRequested.json");
	}

}
