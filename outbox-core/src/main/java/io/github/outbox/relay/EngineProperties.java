package io.github.outbox.relay;

import java.util.Properties;

/**
 * The Debezium engine's properties for streaming the outbox table: inserts only, through
 * the publication made for it, offsets in the outbox database.
 */
final class EngineProperties {

	private EngineProperties() {
	}

	static Properties of(RelayProperties settings, ReplicationTarget target, String schema) {
		Properties props = new Properties();
		props.setProperty("poll.interval.ms", millis(settings.pollInterval().toMillis()));
		props.setProperty("max.batch.size", Integer.toString(settings.maxBatchSize()));
		props.setProperty("max.queue.size", Integer.toString(Math.max(8192, settings.maxBatchSize() * 4)));
		props.setProperty("heartbeat.interval.ms", millis(settings.heartbeatInterval().toMillis()));
		// A quiet outbox in a busy database: a message in the WAL at each
		// heartbeat lets the relay confirm its position, so that the slot does
		// not hold back other tables' WAL.
		props.setProperty("heartbeat.action.query", "select pg_logical_emit_message(false, 'outbox-heartbeat', '')");

		// Lost connections are retried by the connector itself, without limit.
		props.setProperty("errors.max.retries", "-1");
		props.setProperty("errors.retry.delay.initial.ms", "300");
		props.setProperty("errors.retry.delay.max.ms", "10000");

		// The application's own engine properties tune the engine; they cannot
		// redirect it: what it streams, where it stores offsets and which slot
		// it uses are set below.
		settings.debezium().forEach(props::setProperty);

		props.setProperty("name", "outbox-relay-" + settings.slotName());
		props.setProperty("connector.class", "io.debezium.connector.postgresql.PostgresConnector");
		props.setProperty("topic.prefix", "outbox");

		props.setProperty("offset.storage", JdbcOffsetBackingStore.class.getName());
		props.setProperty(JdbcOffsetBackingStore.URL, target.jdbcUrl());
		props.setProperty(JdbcOffsetBackingStore.USER, target.username());
		props.setProperty(JdbcOffsetBackingStore.PASSWORD, target.password());
		// stored after every batch: OutboxRelay sets OffsetCommitPolicy.always()
		props.setProperty("offset.flush.timeout.ms", "10000");

		props.setProperty("database.hostname", target.host());
		props.setProperty("database.port", Integer.toString(target.port()));
		props.setProperty("database.user", target.username());
		props.setProperty("database.password", target.password());
		props.setProperty("database.dbname", target.database());

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

	private static String millis(long value) {
		return Long.toString(Math.max(1, value));
	}

}
