package io.github.outbox.relay;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.connect.errors.ConnectException;

/**
 * The Debezium engine's properties for streaming the outbox table: inserts only, through
 * the publication made for it, offsets in the outbox database.
 */
final class EngineProperties {

	private static final String HOSTNAME = "database.hostname";

	private static final String PORT = "database.port";

	private static final String USER = "database.user";

	private static final String PASSWORD = "database.password";

	private static final String DATABASE = "database.dbname";

	/**
	 * Changes the engine queues ahead of the relay, in batches: Debezium wants more than
	 * one, and its own defaults (8192 changes, batches of 2048) keep four, so that the
	 * connector reads on while the relay publishes.
	 */
	private static final int QUEUED_BATCHES = 4;

	/** Debezium's default queue, kept where batches are smaller than its default. */
	private static final int MIN_QUEUE_SIZE = 8192;

	/**
	 * The connector's first wait after a lost connection, doubled at each failure: short,
	 * since a lost connection is most often a restart or a fail-over that is soon over.
	 */
	private static final Duration RETRY_DELAY_INITIAL = Duration.ofMillis(300);

	/**
	 * The connector's longest wait between attempts: a long outage is tried every 10 s,
	 * so that streaming resumes at most that long after the database is back.
	 */
	private static final Duration RETRY_DELAY_MAX = Duration.ofSeconds(10);

	/**
	 * How long storing a batch's offsets may take before the engine gives up and stores
	 * them with a later batch: twice Debezium's 5 s, since they go to the outbox
	 * database, which the application's own writes load too. A stop waits for it
	 * ({@link OutboxRelay}).
	 */
	static final Duration OFFSET_FLUSH_TIMEOUT = Duration.ofSeconds(10);

	private EngineProperties() {
	}

	static Properties of(RelayProperties settings, ReplicationTarget target, String schema) {
		Properties props = new Properties();
		props.setProperty("poll.interval.ms", millis(settings.pollInterval().toMillis()));
		props.setProperty("max.batch.size", Integer.toString(settings.maxBatchSize()));
		props.setProperty("max.queue.size",
				Integer.toString(Math.max(MIN_QUEUE_SIZE, settings.maxBatchSize() * QUEUED_BATCHES)));
		props.setProperty("heartbeat.interval.ms", millis(settings.heartbeatInterval().toMillis()));
		// A quiet outbox in a busy database: a message in the WAL at each
		// heartbeat lets the relay confirm its position, so that the slot does
		// not hold back other tables' WAL.
		props.setProperty("heartbeat.action.query", "select pg_logical_emit_message(false, 'outbox-heartbeat', '')");

		// Lost connections are retried by the connector itself, without limit.
		props.setProperty("errors.max.retries", "-1");
		props.setProperty("errors.retry.delay.initial.ms", millis(RETRY_DELAY_INITIAL.toMillis()));
		props.setProperty("errors.retry.delay.max.ms", millis(RETRY_DELAY_MAX.toMillis()));

		// The application's own engine properties tune the engine; they cannot
		// redirect it: what it streams, where it stores offsets and which slot
		// it uses are set below.
		settings.debezium().forEach(props::setProperty);

		props.setProperty("name", "outbox-relay-" + settings.slotName());
		props.setProperty("connector.class", "io.debezium.connector.postgresql.PostgresConnector");
		props.setProperty("topic.prefix", "outbox");

		props.setProperty("offset.storage", JdbcOffsetBackingStore.class.getName());
		// stored after every batch: OutboxRelay sets OffsetCommitPolicy.always()
		props.setProperty("offset.flush.timeout.ms", millis(OFFSET_FLUSH_TIMEOUT.toMillis()));

		props.setProperty(HOSTNAME, target.host());
		props.setProperty(PORT, Integer.toString(target.port()));
		props.setProperty(USER, target.username());
		props.setProperty(PASSWORD, target.password());
		props.setProperty(DATABASE, target.database());

		props.setProperty("plugin.name", "pgoutput");
		props.setProperty("slot.name", settings.slotName());
		props.setProperty("publication.name", settings.publicationName());
		props.setProperty("publication.autocreate.mode", "disabled");
		props.setProperty("table.include.list", schema + "\\.outbox_event");
		props.setProperty("snapshot.mode", settings.snapshotMode().debeziumName());
		props.setProperty("skipped.operations", "u,d,t");
		props.setProperty("tombstones.on.delete", "false");
		return props;
	}

	/**
	 * The database and role that properties made by {@link #of} stream from: the offset
	 * store, which the engine creates by class name, gets nothing but these properties.
	 */
	static ReplicationTarget target(Map<String, String> properties) {
		return new ReplicationTarget(required(properties, HOSTNAME), Integer.parseInt(required(properties, PORT)),
				required(properties, DATABASE), required(properties, USER), required(properties, PASSWORD));
	}

	private static String required(Map<String, String> properties, String key) {
		String value = properties.get(key);
		if (value == null) {
			throw new ConnectException("Missing engine property " + key);
		}
		return value;
	}

	private static String millis(long value) {
		return Long.toString(Math.max(1, value));
	}

}
