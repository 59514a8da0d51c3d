package io.github.outbox.relay;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.sql.DataSource;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.errors.AuthenticationException;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * Checks, before the engine starts, what would otherwise fail later and less clearly: the
 * server's logical decoding, the relay role's rights, the publication, and Kafka.
 */
final class RelayPreflight {

	private final DataSource dataSource;

	private final RelayProperties settings;

	private final ReplicationTarget target;

	private final Map<String, Object> kafka;

	RelayPreflight(DataSource dataSource, RelayProperties settings, ReplicationTarget target,
			Map<String, Object> kafka) {
		this.dataSource = dataSource;
		this.settings = settings;
		this.target = target;
		this.kafka = kafka;
	}

	void check() {
		checkLogicalDecoding();
		checkRelayRole();
		checkKafka();
	}

	private void checkLogicalDecoding() {
		String walLevel = JdbcClient.create(this.dataSource).sql("show wal_level").query(String.class).single();
		if (!"logical".equals(walLevel)) {
			throw new RelayStartupException(
					"PostgreSQL at " + this.target.host() + ":" + this.target.port() + " runs with wal_level="
							+ walLevel + "; the outbox relay reads the WAL through logical decoding",
					"Set wal_level = logical (ALTER SYSTEM SET wal_level = logical, or postgresql.conf) and restart "
							+ "PostgreSQL. db/postgres.sh starts a server set up this way.",
					null);
		}
	}

	private void checkRelayRole() {
		String role = this.target.username();
		try (Connection connection = this.target.connect()) {
			JdbcClient jdbc = JdbcClient.create(new SingleConnectionDataSource(connection, true));
			boolean replication = jdbc
				.sql("select rolreplication or rolsuper from pg_roles where rolname = current_user")
				.query(Boolean.class)
				.single();
			if (!replication) {
				throw new RelayStartupException("The relay's role '" + role + "' may not stream changes",
						"Give it the REPLICATION attribute (no superuser needed): ALTER ROLE " + role
								+ " WITH REPLICATION; pg_hba.conf must admit it to the outbox database (logical "
								+ "replication needs no 'replication' line).",
						null);
			}
			requirePrivilege(jdbc, role, "outbox_event", "SELECT");
			requirePrivilege(jdbc, role, "outbox_relay_offset", "SELECT,INSERT,UPDATE");
			checkPublication(jdbc);
		}
		catch (SQLException ex) {
			throw new RelayStartupException("The relay cannot connect to " + this.target + ": " + ex.getMessage(),
					"Check outbox.relay.username and outbox.relay.password, and that pg_hba.conf admits this role "
							+ "to the outbox database.",
					ex);
		}
	}

	private void requirePrivilege(JdbcClient jdbc, String role, String table, String privileges) {
		boolean granted = jdbc.sql("select to_regclass(?) is not null and has_table_privilege(?::regclass, ?)")
			.params(table, table, privileges)
			.query(Boolean.class)
			.single();
		if (!granted) {
			throw new RelayStartupException(
					"The relay's role '" + role + "' lacks " + privileges + " on table " + table
							+ " (or the table does not exist)",
					"Run the outbox schema migration (outbox.schema.migrate=true) as the table owner, or GRANT "
							+ privileges + " ON " + table + " TO " + role + ";",
					null);
		}
	}

	private void checkPublication(JdbcClient jdbc) {
		String publication = this.settings.publicationName();
		boolean covered = jdbc
			.sql("select exists (select 1 from pg_publication p join pg_publication_tables t using (pubname) "
					+ "where p.pubname = ? and p.pubinsert and t.tablename = 'outbox_event')")
			.param(publication)
			.query(Boolean.class)
			.single();
		if (!covered) {
			throw new RelayStartupException(
					"Publication '" + publication + "' does not exist or does not publish inserts on outbox_event",
					"Create it as the owner of outbox_event: CREATE PUBLICATION " + publication
							+ " FOR TABLE outbox_event WITH (publish = 'insert'); (the outbox schema migration does "
							+ "this) or set outbox.relay.publication-name.",
					null);
		}
	}

	private void checkKafka() {
		long timeout = this.settings.kafka().startupTimeout().toMillis();
		Map<String, Object> config = new java.util.HashMap<>(this.kafka);
		config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout);
		config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(timeout, Integer.MAX_VALUE));
		try (Admin admin = Admin.create(config)) {
			admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) timeout))
				.nodes()
				.get(timeout, TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof AuthenticationException refused) {
				throw new RelayStartupException(
						"Kafka at " + config.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG)
								+ " refused the relay's credentials: " + refused.getMessage(),
						"Check spring.kafka.security.*, spring.kafka.ssl.* and spring.kafka.properties.sasl.* (or "
								+ "outbox.relay.kafka.properties.*, which win for the relay).",
						ex);
			}
			throw notAnswering(config, ex);
		}
		catch (TimeoutException ex) {
			throw notAnswering(config, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new RelayStartupException("Interrupted while checking Kafka", "Start the application again.", ex);
		}
	}

	private RelayStartupException notAnswering(Map<String, Object> config, Exception ex) {
		return new RelayStartupException(
				"Kafka at " + config.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG) + " did not answer within "
						+ RelayProperties.human(this.settings.kafka().startupTimeout()),
				"Start the broker, or set outbox.relay.kafka.bootstrap-servers (or spring.kafka.bootstrap-servers) "
						+ "to a reachable one.",
				ex);
	}

}
