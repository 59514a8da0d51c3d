package io.github.outbox.relay;

import org.jspecify.annotations.Nullable;

/**
 * What the relay of this instance has published, as far as it can be known. The relay
 * tracks a position in the WAL, not rows: an outbox row does not say whether it was
 * published. What is exact: the slot's confirmed position (every event committed before
 * it was acknowledged by Kafka) and, on the leader, the last event Kafka acknowledged.
 * What is not: {@code estimatedBacklog}.
 *
 * @param state what the relay of this instance is doing
 * @param leader whether this instance leads, that is, streams the outbox to Kafka
 * @param slotName the replication slot
 * @param slot the slot as PostgreSQL sees it; {@code null} before the relay first ran
 * @param eventsPublished events Kafka acknowledged to this instance since it started
 * @param lastAcknowledged the last of them; {@code null} on a standby and before the
 * first
 * @param estimatedBacklog an estimate of the events still to be published: rows whose
 * {@code created_at} is later than the last acknowledged event's. It counts events that
 * committed before that event and so were published, and misses an event that committed
 * after it with an earlier {@code created_at} (a long transaction, an occurredAt set by
 * the caller, a replayed row); {@code null} without a last acknowledged event
 * @param parked the events parked because Kafka refused them for good, or an earlier
 * event of their aggregate (listed and re-driven with {@code OutboxReplay})
 */
public record RelayInspection(RelayState state, boolean leader, String slotName, @Nullable SlotStatus slot,
		long eventsPublished, @Nullable AcknowledgedEvent lastAcknowledged, @Nullable Long estimatedBacklog,
		ParkedSummary parked) {

}
