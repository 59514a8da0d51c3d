package io.github.outbox.replay;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * An event the relay parked: Kafka refused it for good, or it waits behind an earlier
 * parked event of its aggregate.
 *
 * @param eventId the event's id
 * @param aggregateType its aggregate type
 * @param aggregateId its aggregate id
 * @param type its event type
 * @param topic the topic it was to go to
 * @param reason why it was parked
 * @param blockedBy the parked event it waits behind; {@code null} when Kafka refused this
 * one itself
 * @param parkedAt when it was parked (last)
 * @param redriven whether a re-drive wrote it to the outbox again and the relay has not
 * published it yet
 */
public record ParkedEvent(UUID eventId, String aggregateType, String aggregateId, String type, String topic,
		String reason, @Nullable UUID blockedBy, Instant parkedAt, boolean redriven) {
}
