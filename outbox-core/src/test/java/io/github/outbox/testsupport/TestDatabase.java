package io.github.outbox.testsupport;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.awaitility.Awaitility;

/**
 * A throw-away database of the test server. Its replication slot is named after it, so
 * that tests never share one.
 */
public record TestDatabase(String name) implements AutoCloseable {

	public String jdbcUrl() {
		return TestPostgres.jdbcUrl(this.name);
	}

	public String slotName() {
		return this.name;
	}

	/**
	 * Spring properties for an application on this database whose relay streams as the
	 * least-privileged relay role.
	 */
	public Map<String, Object> properties() {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("spring.datasource.url", jdbcUrl());
		properties.put("spring.datasource.username", TestPostgres.APP_USER);
		properties.put("spring.datasource.password", TestPostgres.APP_PASSWORD);
		properties.put("outbox.relay.username", TestPostgres.RELAY_USER);
		properties.put("outbox.relay.password", TestPostgres.RELAY_PASSWORD);
		properties.put("outbox.relay.slot-name", slotName());
		return properties;
	}

	/**
	 * Waits until the relay's slot has confirmed all the WAL written so far: the relay
	 * has published, and repeated, all it ever will of what was committed before. Needs a
	 * heartbeat (outbox.relay.heartbeat-interval) to move past the last event.
	 */
	public void awaitRelayConfirmsWalWrittenSoFar() {
		long written = TestPostgres.query(this.name, TestPostgres.APP_USER, TestPostgres.APP_PASSWORD,
				"select pg_current_wal_lsn() - '0/0'::pg_lsn");
		Awaitility.await("slot " + slotName() + " confirming the WAL written so far")
			.atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> TestPostgres.query(this.name, TestPostgres.APP_USER, TestPostgres.APP_PASSWORD,
					"select coalesce(max(confirmed_flush_lsn - '0/0'::pg_lsn), 0) from pg_replication_slots "
							+ "where slot_name = '" + slotName() + "'") >= written);
	}

	/**
	 * Drops the database and its replication slot, first ending what the relay role still
	 * has open there: the application role may not end another role's sessions, and a
	 * killed relay's sessions last until PostgreSQL notices.
	 */
	@Override
	public void close() {
		Awaitility.await("dropping database " + this.name)
			.atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(200))
			.ignoreExceptions()
			.until(this::drop);
	}

	private boolean drop() {
		TestPostgres.execute("outbox_sample", TestPostgres.RELAY_USER, TestPostgres.RELAY_PASSWORD,
				"select pg_terminate_backend(pid) from pg_stat_activity where datname = '" + this.name
						+ "' and usename = current_user");
		TestPostgres.execute("outbox_sample", TestPostgres.RELAY_USER, TestPostgres.RELAY_PASSWORD,
				"select pg_drop_replication_slot(slot_name) from pg_replication_slots where slot_name = '" + slotName()
						+ "' and not active");
		TestPostgres.execute("outbox_sample", TestPostgres.APP_USER, TestPostgres.APP_PASSWORD,
				"drop database if exists " + this.name + " with (force)");
		return true;
	}

}
