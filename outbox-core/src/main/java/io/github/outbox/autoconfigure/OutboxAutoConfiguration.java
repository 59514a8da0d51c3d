package io.github.outbox.autoconfigure;

import java.time.Clock;

import javax.sql.DataSource;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

import io.github.outbox.Outbox;
import io.github.outbox.OutboxHeaderContributor;
import io.github.outbox.relay.OutboxRelay;
import io.github.outbox.replay.OutboxReplay;
import io.github.outbox.retention.OutboxRetention;
import tools.jackson.databind.json.JsonMapper;

/**
 * Auto-configuration of the outbox: its tables, the {@link Outbox} writer, the relay to
 * Kafka, the retention clean-up and the {@link OutboxReplay replay}. Every bean backs off
 * when the application defines its own.
 */
@AutoConfiguration(after = { DataSourceAutoConfiguration.class, DataSourceTransactionManagerAutoConfiguration.class })
@ConditionalOnSingleCandidate(DataSource.class)
@EnableConfigurationProperties(OutboxProperties.class)
public class OutboxAutoConfiguration {

	/*
	 * A mapper of the outbox's own: the JSON on the wire must not change because the
	 * application tuned its web mapper.
	 */
	private final JsonMapper json = JsonMapper.builder().build();

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnProperty(prefix = "outbox.schema", name = "migrate", matchIfMissing = true)
	OutboxSchemaMigration outboxSchemaMigration(DataSource dataSource, OutboxProperties properties) {
		String relayRole = properties.relay().username();
		return new OutboxSchemaMigration(dataSource, properties.relay().publicationName(),
				(relayRole != null) ? relayRole : "");
	}

	@Bean
	@ConditionalOnMissingBean
	Outbox outbox(DataSource dataSource, OutboxProperties properties, ObjectProvider<OutboxSchemaMigration> migration,
			ObjectProvider<OutboxHeaderContributor> headerContributors) {
		// The outbox table exists before anything writes to it.
		migration.getIfAvailable();
		return new Outbox(dataSource, this.json, (int) properties.maxPayloadSize().toBytes(),
				headerContributors.orderedStream().toList());
	}

	@Bean
	@ConditionalOnMissingBean
	OutboxReplay outboxReplay(DataSource dataSource, OutboxProperties properties,
			ObjectProvider<OutboxSchemaMigration> migration) {
		migration.getIfAvailable();
		return new OutboxReplay(dataSource, properties.replay().maxEvents());
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnProperty(prefix = "outbox.relay", name = "enabled", matchIfMissing = true)
	OutboxRelay outboxRelay(DataSource dataSource, OutboxProperties properties,
			ObjectProvider<DataSourceProperties> dataSourceProperties, ObjectProvider<OutboxSchemaMigration> migration,
			Environment environment) {
		migration.getIfAvailable();
		DataSourceProperties pool = dataSourceProperties.getIfAvailable();
		String bootstrapServers = environment.getProperty("spring.kafka.bootstrap-servers", "localhost:9092");
		return new OutboxRelay(dataSource, properties.relay(), (pool != null) ? pool.determineUsername() : null,
				(pool != null) ? pool.determinePassword() : null, bootstrapServers, this.json);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnProperty(prefix = "outbox.relay", name = "enabled", matchIfMissing = true)
	OutboxRetention outboxRetention(DataSource dataSource, OutboxProperties properties) {
		return new OutboxRetention(dataSource, properties.retention(), properties.cleanupInterval(), Clock.systemUTC());
	}

}
