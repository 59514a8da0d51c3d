package io.github.outbox.relay;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * The last event Kafka acknowledged to the relay of this instance. Every event committed
 * before it in the WAL was acknowledged too: batches are published in commit order, each
 * only once Kafka took the one before.
 *
 * @param eventId the event's id
 * @param aggregateType its aggregate type
 * @param type its event type
 * @param topic the topic it went to
 * @param partition the partition Kafka put it in
 * @param offset its offset in that partition
 * @param createdAt the row's {@code created_at} (the event's occurredAt); {@code null}
 * when the change did not carry it
 * @param committedAt when its transaction committed in PostgreSQL; {@code null} when the
 * change did not carry it
 * @param walPosition the position (LSN) of its insert in the WAL, as PostgreSQL writes it
 * ({@code 0/16B3748}); {@code null} when the change did not carry it
 * @param acknowledgedAt when Kafka acknowledged it
 */
public record AcknowledgedEvent(UUID eventId, String aggregateType, String type, String topic, int partition,
		long offset, @Nullable Instant createdAt, @Nullable Instant committedAt, @Nullable String walPosition,
		Instant acknowledgedAt) {

	/** An LSN as PostgreSQL writes it: two hexadecimal halves. */
	static String walPosition(long lsn) {
		return Long.toHexString(lsn >>> 32).toUpperCase(java.util.Locale.ROOT) + "/"
				+ Long.toHexString(lsn & 0xFFFFFFFFL).toUpperCase(java.util.Locale.ROOT);
	}

}
