package io.github.outbox.sample.order;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import io.github.outbox.sample.ContractDocument;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JSON the monolith writes for {@link OrderPlaced} has the shape of the shared
 * reference document that mail-relay reads too.
 */
class OrderPlacedContractTests {

	private static final ContractDocument reference = ContractDocument.of("OrderPlaced");

	@Test
	void writesTheFieldsAndValueKindsOfTheReferenceDocument() {
		JsonNode document = reference.tree();

		JsonNode written = ContractDocument.written(event("+447700900123"));

		ContractDocument.assertSameShape(written, document);
		ContractDocument.assertSameShape(written.get("lines").get(0), document.get("lines").get(0));
	}

	@Test
	void writesAMissingPhoneAsNullAndKeepsEveryOtherField() {
		JsonNode document = reference.tree();

		JsonNode written = ContractDocument.written(event(null));

		assertThat(Set.copyOf(written.propertyNames())).isEqualTo(Set.copyOf(document.propertyNames()));
		assertThat(written.get("phone").getNodeType()).isEqualTo(JsonNodeType.NULL);
		for (String name : document.propertyNames()) {
			if (!name.equals("phone")) {
				assertThat(written.get(name).getNodeType()).as(name).isEqualTo(document.get(name).getNodeType());
			}
		}
	}

	@Test
	void writesMoneyAsStringsWithTwoDecimals() {
		JsonNode written = ContractDocument.written(event(null));

		assertThat(written.get("total").asString()).isEqualTo("28.20");
		assertThat(written.get("lines").get(0).get("unitPrice").asString()).isEqualTo("12.50");
		assertThat(written.get("lines").get(1).get("unitPrice").asString()).isEqualTo("3.20");
	}

	@Test
	void readsTheReferenceDocument() {
		OrderPlaced event = reference.read(OrderPlaced.class);

		assertThat(event.orderId()).isEqualTo(UUID.fromString("6c1d2a7e-93b4-4f0e-8d52-1f7a9c3e5b60"));
		assertThat(event.userId()).isEqualTo(UUID.fromString("0b7e9c1e-2f0a-4d5c-9a53-6a0f3f4b8d21"));
		assertThat(event.phone()).isEqualTo("+447700900123");
		assertThat(event.lines()).containsExactly(
				new OrderPlaced.Line("BOOK-001", "Notes on the Analytical Engine", 2, new BigDecimal("12.50")),
				new OrderPlaced.Line("PEN-042", "Fountain pen", 1, new BigDecimal("3.20")));
		assertThat(event.total()).isEqualTo(new BigDecimal("28.20"));
		assertThat(event.placedAt()).isEqualTo(Instant.parse("2026-11-25T11:00:00Z"));
	}

	private static OrderPlaced event(@Nullable String phone) {
		return new OrderPlaced(UUID.randomUUID(), UUID.randomUUID(), "ada@example.com", "Ada Lovelace", phone,
				List.of(new OrderPlaced.Line("BOOK-001", "Notes on the Analytical Engine", 2, new BigDecimal("12.5")),
						new OrderPlaced.Line("PEN-042", "Fountain pen", 1, new BigDecimal("3.20"))),
				"EUR", new BigDecimal("28.2"), Instant.now());
	}

}
