package io.github.outbox.mailrelay.deadletter;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

import org.springframework.kafka.support.KafkaHeaders;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

class DeadLetterTests {

	private static final UUID ID = UUID.fromString("5f0c1a5e-3b7d-4c1e-9a51-0d4f5e6a7b8c");

	private static final long DEAD_LETTERED_AT = Instant.parse("2026-11-25T10:00:00Z").toEpochMilli();

	@Test
	void describesADeadLetterOnOneGreppableLine() {
		DeadLetter letter = new DeadLetter(deadLettered(headers()));

		assertThat(letter.line()).isEqualTo("dead-letter outbox.event.User-dlt-2@7 event-id=" + ID
				+ " event-type=UserRegistered original=outbox.event.User-2@41 dead-lettered-at=2026-11-25T10:00:00Z"
				+ " exception=io.github.outbox.mailrelay.UnknownEventTypeException"
				+ " message=\"No mail for \\\"it\\\":\\n the event type\"");
		assertThat(letter.eventId()).isEqualTo(ID);
		assertThat(letter.originalTopic()).isEqualTo("outbox.event.User");
	}

	@Test
	void marksWhatTheRecordDoesNotSayWithADash() {
		DeadLetter letter = new DeadLetter(deadLettered(new RecordHeaders().add("event-id", bytes("not-a-uuid"))));

		assertThat(letter.line()).isEqualTo("dead-letter outbox.event.User-dlt-2@7 event-id=not-a-uuid event-type=-"
				+ " original=- dead-lettered-at=2026-11-25T10:00:00Z exception=- message=-");
		assertThat(letter.eventId()).isNull();
		assertThat(letter.originalTopic()).isNull();
	}

	@Test
	void goesBackToItsOriginalTopicWithItsKeyValueAndHeadersLessTheDeadLetterOnes() {
		ProducerRecord<byte[], byte[]> redriven = new DeadLetter(deadLettered(headers())).toOriginalTopic();

		assertThat(redriven.topic()).isEqualTo("outbox.event.User");
		assertThat(redriven.partition()).isNull();
		assertThat(redriven.timestamp()).isNull();
		assertThat(redriven.key()).asString(UTF_8).isEqualTo("user-1");
		assertThat(redriven.value()).asString(UTF_8).isEqualTo("{\"email\":\"ada@example.com\"}");
		assertThat(redriven.headers().toArray()).extracting(Header::key)
			.containsExactly("event-id", "event-type", "traceparent");
	}

	private static Headers headers() {
		return new RecordHeaders().add("event-id", bytes(ID.toString()))
			.add("event-type", bytes("UserRegistered"))
			.add("traceparent", bytes("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"))
			.add(KafkaHeaders.DLT_ORIGINAL_TOPIC, bytes("outbox.event.User"))
			.add(KafkaHeaders.DLT_ORIGINAL_PARTITION, ByteBuffer.allocate(Integer.BYTES).putInt(2).array())
			.add(KafkaHeaders.DLT_ORIGINAL_OFFSET, ByteBuffer.allocate(Long.BYTES).putLong(41).array())
			.add(KafkaHeaders.DLT_EXCEPTION_FQCN,
					bytes("org.springframework.kafka.listener.ListenerExecutionFailedException"))
			.add(KafkaHeaders.DLT_EXCEPTION_CAUSE_FQCN, bytes("io.github.outbox.mailrelay.UnknownEventTypeException"))
			.add(KafkaHeaders.DLT_EXCEPTION_MESSAGE, bytes(
					"Listener method 'void io.github.outbox.mailrelay.OutboxEventListener.on(org.apache.kafka.clients.consumer.ConsumerRecord<java.lang.String, byte[]>)' threw exception; No mail for \"it\":\n the event type"));
	}

	private static ConsumerRecord<byte[], byte[]> deadLettered(Headers headers) {
		return new ConsumerRecord<>("outbox.event.User-dlt", 2, 7, DEAD_LETTERED_AT, TimestampType.CREATE_TIME, 6, 26,
				bytes("user-1"), bytes("{\"email\":\"ada@example.com\"}"), headers, Optional.empty());
	}

	private static byte[] bytes(String text) {
		return text.getBytes(UTF_8);
	}

}
