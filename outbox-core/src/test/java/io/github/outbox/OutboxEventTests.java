package io.github.outbox;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

class OutboxEventTests {

	record OrderPlaced(String orderId) {
	}

	@Test
	void takesItsTypeFromThePayloadsClassAndGetsAFreshId() {
		OutboxEvent first = OutboxEvent.of("Order", 42, new OrderPlaced("42"));
		OutboxEvent second = OutboxEvent.of("Order", 42, new OrderPlaced("42"));

		assertThat(first.type()).isEqualTo("OrderPlaced");
		assertThat(first.aggregateId()).isEqualTo("42");
		assertThat(first.headers()).isEmpty();
		assertThat(first.id()).isNotEqualTo(second.id());
	}

	@Test
	void givesEventsTimeOrderedIdsThatSortInTheOrderTheyWereMade() {
		long before = Instant.now().toEpochMilli();
		List<String> ids = IntStream.range(0, 10_000)
			.mapToObj((n) -> OutboxEvent.of("Order", n, new OrderPlaced("o")).id().toString())
			.toList();

		// PostgreSQL orders uuids byte by byte, as their lower-case text sorts
		assertThat(ids).isSorted().doesNotHaveDuplicates();
		OutboxEvent event = OutboxEvent.of("Order", 1, new OrderPlaced("o"));
		assertThat(event.id().version()).isEqualTo(7);
		assertThat(event.id().variant()).isEqualTo(2);
		long millis = event.id().getMostSignificantBits() >>> 16;
		assertThat(millis).isBetween(before, Instant.now().toEpochMilli());
	}

	@Test
	void refusesAnAggregateTypeThatCannotBePartOfATopicName() {
		assertThatIllegalArgumentException().isThrownBy(() -> OutboxEvent.of("Order Line", 1, "x"))
			.withMessageContaining("Kafka topic name");
		assertThatIllegalArgumentException().isThrownBy(() -> OutboxEvent.of("", 1, "x"));
		assertThatIllegalArgumentException().isThrownBy(() -> OutboxEvent.of("x".repeat(201), 1, "x"));
	}

	@Test
	void refusesBlankOrOverlongIdsTypesAndHeaderNames() {
		OutboxEvent event = OutboxEvent.of("Order", 1, "x");
		assertThatIllegalArgumentException().isThrownBy(() -> OutboxEvent.of("Order", " ", "x"));
		assertThatIllegalArgumentException().isThrownBy(() -> event.withType("t".repeat(256)));
		assertThatIllegalArgumentException().isThrownBy(() -> event.withHeaders(Map.of(" ", "v")));
		assertThatNullPointerException().isThrownBy(() -> OutboxEvent.of("Order", null, "x"));
		assertThatNullPointerException().isThrownBy(() -> OutboxEvent.of("Order", 1, null));
	}

	@Test
	void keepsACopyOfItsHeaders() {
		java.util.HashMap<String, String> headers = new java.util.HashMap<>(Map.of("traceparent", "00-abc"));
		OutboxEvent event = OutboxEvent.of("Order", 1, "x").withHeaders(headers);
		headers.clear();
		assertThat(event.headers()).containsEntry("traceparent", "00-abc");
	}

}
