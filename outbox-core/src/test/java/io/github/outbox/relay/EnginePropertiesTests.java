package io.github.outbox.relay;

import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

class EnginePropertiesTests {

	private static final ReplicationTarget TARGET = new ReplicationTarget("db.internal", 6543, "shop", "relay",
			"secret");

	@Test
	void streamsOnlyInsertsOfTheOutboxTableThroughItsPublicationAndSlot() {
		Properties props = EngineProperties.of(settings(Map.of()), TARGET, "public");

		assertThat(props).containsEntry("connector.class", "io.debezium.connector.postgresql.PostgresConnector")
			.containsEntry("plugin.name", "pgoutput")
			.containsEntry("slot.name", "outbox_slot")
			.containsEntry("publication.name", "outbox_publication")
			.containsEntry("publication.autocreate.mode", "disabled")
			.containsEntry("table.include.list", "public\\.outbox_event")
			.containsEntry("skipped.operations", "u,d,t")
			.containsEntry("snapshot.mode", "initial")
			.containsEntry("database.hostname", "db.internal")
			.containsEntry("database.port", "6543")
			.containsEntry("database.dbname", "shop")
			.containsEntry("database.user", "relay")
			.containsEntry("offset.storage", JdbcOffsetBackingStore.class.getName());
	}

	@Test
	void tunesTheEngineForLowLatency() {
		Properties props = EngineProperties.of(settings(Map.of()), TARGET, "public");

		assertThat(props).containsEntry("poll.interval.ms", "10")
			.containsEntry("heartbeat.interval.ms", "10000")
			.containsEntry("max.batch.size", "2048")
			.containsEntry("errors.max.retries", "-1");
	}

	@Test
	void applicationPropertiesTuneTheEngineButCannotRedirectIt() {
		Properties props = EngineProperties.of(settings(Map.of("outbox.relay.debezium[status.update.interval.ms]",
				"5000", "outbox.relay.debezium[errors.retry.delay.max.ms]", "2000", "outbox.relay.debezium[slot.name]",
				"other", "outbox.relay.debezium[table.include.list]", "public\\.users",
				"outbox.relay.debezium[offset.storage]", "org.apache.kafka.connect.storage.MemoryOffsetBackingStore")),
				TARGET, "public");

		assertThat(props).containsEntry("status.update.interval.ms", "5000")
			.containsEntry("errors.retry.delay.max.ms", "2000")
			.containsEntry("slot.name", "outbox_slot")
			.containsEntry("table.include.list", "public\\.outbox_event")
			.containsEntry("offset.storage", JdbcOffsetBackingStore.class.getName());
	}

	@Test
	void pointsTheOffsetStoreAtTheDatabaseAndRoleTheEngineStreamsFrom() {
		Properties props = EngineProperties.of(settings(Map.of()), TARGET, "public");
		Map<String, String> engine = new HashMap<>();
		props.stringPropertyNames().forEach((name) -> engine.put(name, props.getProperty(name)));

		assertThat(EngineProperties.target(engine)).isEqualTo(TARGET);
	}

	@Test
	void snapshotModeNoDataStreamsOnlyNewEvents() {
		Properties props = EngineProperties.of(settings(Map.of("outbox.relay.snapshot-mode", "no-data")), TARGET,
				"public");

		assertThat(props).containsEntry("snapshot.mode", "no_data");
	}

	private static RelayProperties settings(Map<String, String> properties) {
		return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate("outbox.relay",
				RelayProperties.class);
	}

}
