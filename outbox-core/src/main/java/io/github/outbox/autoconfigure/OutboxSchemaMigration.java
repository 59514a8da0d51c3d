package io.github.outbox.autoconfigure;

import java.sql.DatabaseMetaData;
import java.util.Map;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;

/**
 * Creates and upgrades the outbox tables and publication with a Flyway of their own
 * (history in {@code outbox_schema_history}), beside whatever migrations the application
 * runs.
 */
public class OutboxSchemaMigration implements InitializingBean {

	static final String LOCATION = "classpath:io/github/outbox/db/migration";

	private final DataSource dataSource;

	private final Flyway flyway;

	public OutboxSchemaMigration(DataSource dataSource, String publication, String relayRole) {
		this.dataSource = dataSource;
		this.flyway = Flyway.configure()
			.dataSource(dataSource)
			.locations(LOCATION)
			.table("outbox_schema_history")
			.baselineOnMigrate(true)
			.baselineVersion("0")
			.placeholders(Map.of("publication", publication, "relayRole", relayRole))
			.load();
	}

	@Override
	public void afterPropertiesSet() {
		requirePostgreSql();
		this.flyway.migrate();
	}

	/**
	 * Says so where the application's own DataSource is another database, which the
	 * auto-configuration could not tell before it ran.
	 */
	private void requirePostgreSql() {
		String product;
		try {
			product = JdbcUtils.extractDatabaseMetaData(this.dataSource, DatabaseMetaData::getDatabaseProductName);
		}
		catch (MetaDataAccessException ex) {
			// Flyway's own connection reports it
			return;
		}
		if (!"PostgreSQL".equalsIgnoreCase(product)) {
			throw new IllegalStateException("The outbox DataSource is " + product + ", not PostgreSQL: the outbox "
					+ "stores events in PostgreSQL and relays them from its WAL. Where the application runs "
					+ "on another database (a default profile, tests), set outbox.enabled=false there: "
					+ "events are then kept in memory and not published");
		}
	}

}
