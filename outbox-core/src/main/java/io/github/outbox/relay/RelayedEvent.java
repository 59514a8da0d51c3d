package io.github.outbox.relay;

import java.util.UUID;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.jspecify.annotations.Nullable;

/**
 * One outbox event on its way to Kafka: the record to send, and what the relay needs of
 * the event afterwards (to park it, to report it), so that nothing is read back from the
 * record's headers.
 *
 * @param record the Kafka record: keyed by aggregate id, the payload as value
 * @param eventId the event's id
 * @param aggregateType its aggregate type
 * @param aggregateId its aggregate id, the record's key
 * @param type its event type
 * @param payload its JSON payload, as the row holds it
 * @param headers the row's extra headers as JSON; {@code null} when the change did not
 * carry them
 * @param createdAt the row's {@code created_at}, as PostgreSQL writes it; {@code null}
 * when the change did not carry it
 * @param committedAtMillis when its transaction committed (for a snapshot row: when it
 * was read); 0 when the change carries no time
 * @param walPosition the position (LSN) of its insert in the WAL; {@code null} when the
 * change carries none
 */
record RelayedEvent(ProducerRecord<byte[], byte[]> record, UUID eventId, String aggregateType, String aggregateId,
		String type, String payload, @Nullable String headers, @Nullable String createdAt, long committedAtMillis,
		@Nullable Long walPosition) {

	String topic() {
		return this.record.topic();
	}

	Aggregate aggregate() {
		return new Aggregate(this.aggregateType, this.aggregateId);
	}

	@Override
	public String toString() {
		return "event " + this.eventId + " (" + this.type + " of " + this.aggregateType + " " + this.aggregateId + ")";
	}

	/** An aggregate, whose events keep their order. */
	record Aggregate(String type, String id) {
	}

}
