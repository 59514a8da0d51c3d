package io.github.outbox.replay;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.core.simple.JdbcClient.StatementSpec;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Publishes events again. The publication carries inserts only and the rows are kept for
 * {@code outbox.retention}: deleting a row and inserting it again, in one transaction,
 * makes the relay publish it again with the same event id, key, payload and headers.
 * Events of one replay are written in {@code created_at} order, so that one aggregate's
 * events keep their order on Kafka.
 * <p>
 * A replay runs in a transaction of its own on the outbox DataSource, committed when the
 * call returns, also when called inside another transaction; it writes nothing when it is
 * refused. Consumers that drop repeats by event id drop replayed events too, unless they
 * are told to forget them first.
 */
public class OutboxReplay {

	private static final Logger logger = LoggerFactory.getLogger(OutboxReplay.class);

	/** Deletes the rows the condition selects and inserts them again, oldest first. */
	private static final String REPLAY = """
			with e as (delete from outbox_event where %s returning *)
			insert into outbox_event select * from e order by created_at, id""";

	private static final String IN_RANGE = "created_at >= :from and created_at < :to";

	private static final String OF_TYPE = " and aggregatetype = :aggregateType";

	private final JdbcClient jdbc;

	private final TransactionTemplate transaction;

	private final int maxEvents;

	/**
	 * @param dataSource the DataSource whose database holds the outbox table
	 * @param maxEvents the most events one replay may write
	 */
	public OutboxReplay(DataSource dataSource, int maxEvents) {
		Objects.requireNonNull(dataSource, "dataSource must not be null");
		if (maxEvents < 1) {
			throw new IllegalArgumentException("maxEvents must be positive, was " + maxEvents);
		}
		this.jdbc = JdbcClient.create(dataSource);
		this.transaction = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
		this.transaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		this.maxEvents = maxEvents;
	}

	/**
	 * Publishes the events with these ids again.
	 * @return how many were queued, and which ids have no row
	 * @throws ReplayRejectedException if no id is given, or more than
	 * {@code outbox.replay.max-events}
	 */
	public ReplayResult replay(Collection<UUID> eventIds) {
		Objects.requireNonNull(eventIds, "eventIds must not be null");
		Set<UUID> ids = new LinkedHashSet<>(eventIds);
		if (ids.isEmpty()) {
			throw new ReplayRejectedException("Name at least one event id to replay");
		}
		if (ids.size() > this.maxEvents) {
			throw new ReplayRejectedException(ids.size() + " event ids are more than the " + this.maxEvents
					+ " one replay may write (outbox.replay.max-events): replay them in parts");
		}
		// one array parameter, however many ids: a statement takes at most
		// 65535 parameters
		String[] array = ids.stream().map(UUID::toString).toArray(String[]::new);
		Set<UUID> requeued = new HashSet<>(this.transaction
			.execute((status) -> this.jdbc.sql(REPLAY.formatted("id = any(cast(:ids as uuid[]))") + " returning id")
				.param("ids", array)
				.query(UUID.class)
				.list()));
		List<UUID> notFound = ids.stream().filter((id) -> !requeued.contains(id)).toList();
		logger.info("Replayed {} outbox events by id; {} not found{}", requeued.size(), notFound.size(),
				notFound.isEmpty() ? "" : ": " + notFound);
		return new ReplayResult(requeued.size(), notFound);
	}

	/**
	 * Publishes again the events created from {@code from} (inclusive) to {@code to}
	 * (exclusive), of one aggregate type or of all.
	 * @return how many were queued
	 * @throws ReplayRejectedException if {@code from} is not before {@code to}, or the
	 * range holds more than {@code outbox.replay.max-events} events
	 */
	public ReplayResult replay(Instant from, Instant to, @Nullable String aggregateType) {
		Objects.requireNonNull(from, "from must not be null");
		Objects.requireNonNull(to, "to must not be null");
		if (!from.isBefore(to)) {
			throw new ReplayRejectedException(
					"from (" + from + ") must be before to (" + to + "): a range includes from and excludes to");
		}
		if (aggregateType != null && aggregateType.isBlank()) {
			throw new ReplayRejectedException("aggregateType must not be blank; leave it out to replay every type");
		}
		String condition = (aggregateType != null) ? IN_RANGE + OF_TYPE : IN_RANGE;
		String range = "[" + from + ", " + to + ")" + ((aggregateType != null) ? " of " + aggregateType : "");
		int requeued = this.transaction.execute((status) -> {
			long inRange = inRange(this.jdbc.sql("select count(*) from outbox_event where " + condition), from, to,
					aggregateType)
				.query(Long.class)
				.single();
			refuseMoreThanAllowed(inRange, range);
			int written = inRange(this.jdbc.sql(REPLAY.formatted(condition)), from, to, aggregateType).update();
			// rows committed in the range since the count: nothing is written after all
			refuseMoreThanAllowed(written, range);
			return written;
		});
		logger.info("Replayed {} outbox events created in {}", requeued, range);
		return new ReplayResult(requeued, List.of());
	}

	/**
	 * The parked events, oldest first: those Kafka refused for good, and those waiting
	 * behind them.
	 * @param limit the most to list
	 */
	public List<ParkedEvent> parked(int limit) {
		if (limit < 1) {
			throw new ReplayRejectedException("limit must be positive, was " + limit);
		}
		return this.jdbc
			.sql("select id, aggregatetype, aggregateid, type, topic, reason, blocked_by, parked_at, redriven "
					+ "from outbox_parked_event order by seq limit ?")
			.param(limit)
			.query((row, n) -> new ParkedEvent(row.getObject(1, UUID.class), row.getString(2), row.getString(3),
					row.getString(4), row.getString(5), row.getString(6), row.getObject(7, UUID.class),
					row.getObject(8, OffsetDateTime.class).toInstant(), row.getBoolean(9)))
			.list();
	}

	/**
	 * Publishes parked events again, in the order they were parked, once the cause is
	 * fixed: those of one aggregate, of one aggregate type, or all (arguments
	 * {@code null}). The relay publishes each as it meets it, and the aggregate flows
	 * again once the last is out; an event Kafka still refuses is parked again, with the
	 * ones behind it.
	 * @param aggregateType the aggregate type, or {@code null} for all
	 * @param aggregateId the aggregate id (needs the type), or {@code null} for all of
	 * the type
	 * @return how many were queued
	 * @throws ReplayRejectedException if an aggregate id comes without its type, or more
	 * than {@code outbox.replay.max-events} events are parked there
	 */
	public ReplayResult redriveParked(@Nullable String aggregateType, @Nullable String aggregateId) {
		if (aggregateId != null && aggregateType == null) {
			throw new ReplayRejectedException("An aggregate id needs its aggregate type");
		}
		String condition = (aggregateId != null) ? "aggregatetype = :type and aggregateid = :id"
				: (aggregateType != null) ? "aggregatetype = :type" : "true";
		String scope = (aggregateId != null) ? aggregateType + " " + aggregateId
				: (aggregateType != null) ? "aggregate type " + aggregateType : "every aggregate";
		int requeued = this.transaction.execute((status) -> {
			long parked = parkedWhere(this.jdbc.sql("select count(*) from outbox_parked_event where " + condition),
					aggregateType, aggregateId)
				.query(Long.class)
				.single();
			refuseMoreThanAllowed(parked, "of parked events of " + scope);
			// the rows are kept by retention: written again, they are published again
			parkedWhere(this.jdbc.sql("delete from outbox_event where id in (select id from outbox_parked_event where "
					+ condition + ")"), aggregateType, aggregateId)
				.update();
			int written = parkedWhere(this.jdbc.sql("""
					insert into outbox_event (id, aggregatetype, aggregateid, type, payload, headers, created_at)
					select id, aggregatetype, aggregateid, type, payload, headers, created_at
					from outbox_parked_event where %s order by seq""".formatted(condition)), aggregateType, aggregateId)
				.update();
			parkedWhere(this.jdbc.sql("update outbox_parked_event set redriven = true where " + condition),
					aggregateType, aggregateId)
				.update();
			return written;
		});
		logger.info("Re-drove {} parked outbox events of {}", requeued, scope);
		return new ReplayResult(requeued, List.of());
	}

	private static StatementSpec parkedWhere(StatementSpec statement, @Nullable String aggregateType,
			@Nullable String aggregateId) {
		if (aggregateType != null) {
			statement.param("type", aggregateType);
		}
		if (aggregateId != null) {
			statement.param("id", aggregateId);
		}
		return statement;
	}

	private void refuseMoreThanAllowed(long events, String range) {
		if (events > this.maxEvents) {
			throw new ReplayRejectedException("The range " + range + " holds " + events + " events, more than the "
					+ this.maxEvents + " one replay may write (outbox.replay.max-events): narrow the range, "
					+ "name an aggregate type, or replay it in parts");
		}
	}

	private static StatementSpec inRange(StatementSpec statement, Instant from, Instant to,
			@Nullable String aggregateType) {
		statement.param("from", OffsetDateTime.ofInstant(from, ZoneOffset.UTC))
			.param("to", OffsetDateTime.ofInstant(to, ZoneOffset.UTC));
		return (aggregateType != null) ? statement.param("aggregateType", aggregateType) : statement;
	}

}
