package io.github.outbox.relay;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Reads what the database knows of a relay: its replication slot, the events it parked,
 * and, with the relay's own statistics, a {@link RelayInspection}. Kept apart from
 * {@link OutboxRelay}, which runs the relay; every method here queries the database.
 */
public final class RelayInspector {

	private final OutboxRelay relay;

	/**
	 * @param relay the relay of this instance; the inspector reads the database it
	 * streams from
	 */
	public RelayInspector(OutboxRelay relay) {
		this.relay = relay;
	}

	/**
	 * What this instance's relay has published, and an estimate of what it has not; see
	 * {@link RelayInspection}. Reads the slot and counts rows, so it is not meant for
	 * every few seconds.
	 */
	public RelayInspection inspect() {
		RelayStatistics statistics = this.relay.statistics();
		AcknowledgedEvent last = statistics.lastAcknowledged();
		return new RelayInspection(this.relay.state(), this.relay.isLeader(), this.relay.slotName(),
				slot().orElse(null), statistics.published(), last, estimatedBacklog(last), parked());
	}

	/** The replication slot as PostgreSQL sees it; empty before the relay first ran. */
	public Optional<SlotStatus> slot() {
		return SlotStatus.read(this.relay.dataSource(), this.relay.slotName());
	}

	/**
	 * The events parked in the outbox database because Kafka refused them for good, or
	 * refused an earlier event of their aggregate.
	 */
	public ParkedSummary parked() {
		return ParkedSummary.read(this.relay.dataSource());
	}

	/** See {@link RelayInspection#estimatedBacklog()}. */
	private @Nullable Long estimatedBacklog(@Nullable AcknowledgedEvent last) {
		if (last == null || last.createdAt() == null) {
			return null;
		}
		return JdbcClient.create(this.relay.dataSource())
			.sql("select count(*) from outbox_event where created_at > ?")
			.param(OffsetDateTime.ofInstant(last.createdAt(), ZoneOffset.UTC))
			.query(Long.class)
			.single();
	}

}
