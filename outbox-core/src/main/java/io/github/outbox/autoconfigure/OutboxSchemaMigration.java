package io.github.outbox.autoconfigure;

import java.util.Map;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;

import org.springframework.beans.factory.InitializingBean;

/**
 * Creates and upgrades the outbox tables and publication with a Flyway of their own
 * (history in {@code outbox_schema_history}), beside whatever migrations the application
 * runs.
 */
public class OutboxSchemaMigration implements InitializingBean {

	static final String LOCATION = "classpath:io/github/outbox/db/migration";

	private final Flyway flyway;

	public OutboxSchemaMigration(DataSource dataSource, String publication, String relayRole) {
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
		this.flyway.migrate();
	}

}
