package io.github.outbox.relay;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The events the relay parked ({@code outbox_parked_event}), as the relay's engine thread
 * sees them. An aggregate with a parked event is blocked: its later events are parked
 * behind it, in order, until an operator re-drives them. A re-drive
 * ({@code OutboxReplay.redriveParked}) marks the aggregate's rows {@code redriven} and
 * writes them to the outbox again; the relay publishes each copy as it meets it and
 * deletes its row, so the aggregate flows again once the last one is out.
 * <p>
 * The set of blocked aggregates is kept in memory, read when the engine starts: an event
 * of any other aggregate costs no query.
 */
final class ParkedEvents {

	private static final String PARK = """
			insert into outbox_parked_event
			    (id, aggregatetype, aggregateid, type, payload, headers, created_at, topic, reason, blocked_by)
			values (?, ?, ?, ?, cast(? as jsonb), cast(coalesce(?, '{}') as jsonb),
			    coalesce(cast(? as timestamptz), now()), ?, ?, ?)
			on conflict (id) do update set redriven = false, reason = excluded.reason,
			    blocked_by = excluded.blocked_by, parked_at = now()""";

	private final JdbcClient jdbc;

	private final Set<RelayedEvent.Aggregate> blocked = new HashSet<>();

	ParkedEvents(DataSource dataSource) {
		this.jdbc = JdbcClient.create(dataSource);
	}

	/** Reads which aggregates are blocked; called when the engine starts. */
	void load() {
		this.blocked.clear();
		this.jdbc.sql("select distinct aggregatetype, aggregateid from outbox_parked_event")
			.query((row, n) -> new RelayedEvent.Aggregate(row.getString(1), row.getString(2)))
			.list()
			.forEach(this.blocked::add);
	}

	/**
	 * Whether {@code event} may be sent: its aggregate has no parked event, or it is the
	 * re-driven copy of the first one still parked.
	 */
	Standing standingOf(RelayedEvent event) {
		if (!this.blocked.contains(event.aggregate())) {
			return Standing.FLOWS;
		}
		List<Row> rows = this.jdbc
			.sql("select id, redriven from outbox_parked_event where aggregatetype = ? and aggregateid = ? "
					+ "order by seq")
			.params(event.aggregateType(), event.aggregateId())
			.query((row, n) -> new Row(row.getObject(1, UUID.class), row.getBoolean(2)))
			.list();
		if (rows.isEmpty()) {
			this.blocked.remove(event.aggregate());
			return Standing.FLOWS;
		}
		boolean isParked = rows.stream().anyMatch((row) -> row.id().equals(event.eventId()));
		if (!isParked) {
			// written before a re-drive was asked for, or while the aggregate is blocked
			return new Standing(rows.get(0).id(), false);
		}
		// a re-driven copy waits only behind events that are parked and not re-driven
		UUID blocker = rows.stream()
			.filter((row) -> !row.id().equals(event.eventId()) && !row.redriven())
			.map(Row::id)
			.findFirst()
			.orElse(null);
		return new Standing(blocker, true);
	}

	/** Parks an event, blocking its aggregate; parking it again updates the reason. */
	void park(RelayedEvent event, String reason, @Nullable UUID blockedBy) {
		this.jdbc.sql(PARK)
			.params(event.eventId(), event.aggregateType(), event.aggregateId(), event.type(), event.payload(),
					event.headers(), event.createdAt(), event.topic(), reason, blockedBy)
			.update();
		this.blocked.add(event.aggregate());
	}

	/** Kafka acknowledged a re-driven event: its row goes. */
	void published(RelayedEvent event) {
		if (this.blocked.contains(event.aggregate())) {
			this.jdbc.sql("delete from outbox_parked_event where id = ?").param(event.eventId()).update();
		}
	}

	private record Row(UUID id, boolean redriven) {
	}

	/**
	 * Where an event stands.
	 *
	 * @param blocker the parked event it waits behind; {@code null} when it may be sent
	 * @param redriven whether it is the re-driven copy of a parked event
	 */
	record Standing(@Nullable UUID blocker, boolean redriven) {

		static final Standing FLOWS = new Standing(null, false);

	}

}
