package io.github.outbox.mailrelay;

import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ReceivedEventTests {

	private static final UUID EVENT_ID = UUID.fromString("3f8a4c1e-1b9d-4a57-8c1f-2e6b0d9a7c55");

	@Test
	void readsTheIdAndTypeFromTheHeadersAndIgnoresOthers() {
		ConsumerRecord<String, byte[]> record = record("{}");
		header(record, "event-id", EVENT_ID.toString());
		header(record, "event-type", "UserRegistered");
		header(record, "aggregate-type", "User");
		header(record, "occurred-at", "2026-11-25T11:00:00Z");
		header(record, "traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");

		ReceivedEvent event = ReceivedEvent.from(record);

		assertThat(event.id()).isEqualTo(EVENT_ID);
		assertThat(event.type()).isEqualTo("UserRegistered");
		assertThat(event.aggregateId()).isEqualTo("user-1");
		assertThat(event.payload()).asString(UTF_8).isEqualTo("{}");
		assertThat(event).hasToString("UserRegistered event " + EVENT_ID + " (outbox.event.User-0@42)");
	}

	@Test
	void rejectsARecordWithoutEventId() {
		ConsumerRecord<String, byte[]> record = record("{}");
		header(record, "event-type", "UserRegistered");

		assertThatExceptionOfType(MalformedEventException.class).isThrownBy(() -> ReceivedEvent.from(record))
			.withMessage("Record outbox.event.User-0@42 has no event-id header");
	}

	@Test
	void rejectsAnEventIdThatIsNotAUuid() {
		ConsumerRecord<String, byte[]> record = record("{}");
		header(record, "event-id", "42");
		header(record, "event-type", "UserRegistered");

		assertThatExceptionOfType(MalformedEventException.class).isThrownBy(() -> ReceivedEvent.from(record))
			.withMessageContaining("not a UUID: '42'");
	}

	@Test
	void rejectsARecordWithoutEventType() {
		ConsumerRecord<String, byte[]> record = record("{}");
		header(record, "event-id", EVENT_ID.toString());

		assertThatExceptionOfType(MalformedEventException.class).isThrownBy(() -> ReceivedEvent.from(record))
			.withMessageContaining("has no event-type header");
	}

	@Test
	void rejectsARecordWithoutValue() {
		ConsumerRecord<String, byte[]> record = new ConsumerRecord<>("outbox.event.User", 0, 42, "user-1", null);
		header(record, "event-id", EVENT_ID.toString());
		header(record, "event-type", "UserRegistered");

		assertThatExceptionOfType(MalformedEventException.class).isThrownBy(() -> ReceivedEvent.from(record))
			.withMessageContaining("has no payload");
	}

	private static ConsumerRecord<String, byte[]> record(String value) {
		return new ConsumerRecord<>("outbox.event.User", 0, 42, "user-1", value.getBytes(UTF_8));
	}

	private static void header(ConsumerRecord<?, ?> record, String name, String value) {
		record.headers().add(name, value.getBytes(UTF_8));
	}

}
