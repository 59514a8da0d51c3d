package io.github.outbox.autoconfigure;

import java.time.Clock;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

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
			ObjectProvider<JdbcConnectionDetails> jdbcConnection,
			ObjectProvider<DataSourceProperties> dataSourceProperties, ObjectProvider<OutboxSchemaMigration> migration,
			ListableBeanFactory beans, Environment environment) {
		migration.getIfAvailable();
		// The DataSource's credentials, for when the relay has no role of its own: from
		// its connection details where Boot built it (properties, @ServiceConnection,
		// Docker Compose), else from spring.datasource.*.
		JdbcConnectionDetails connection = jdbcConnection.getIfUnique();
		DataSourceProperties pool = dataSourceProperties.getIfAvailable();
		String username = (connection != null) ? connection.getUsername()
				: (pool != null) ? pool.determineUsername() : null;
		String password = (connection != null) ? connection.getPassword()
				: (pool != null) ? pool.determinePassword() : null;
		return new OutboxRelay(dataSource, properties.relay(), username, password,
				kafkaBootstrapServers(beans, environment), this.json);
	}

	/**
	 * Kafka, where outbox.relay.kafka.bootstrap-servers names none: the application's
	 * Kafka connection details where Spring Boot's Kafka support is present (they follow
	 * spring.kafka.* and @ServiceConnection), else spring.kafka.bootstrap-servers.
	 */
	private static String kafkaBootstrapServers(ListableBeanFactory beans, Environment environment) {
		if (ClassUtils.isPresent(KafkaConnection.DETAILS, OutboxAutoConfiguration.class.getClassLoader())) {
			String servers = KafkaConnection.bootstrapServers(beans);
			if (servers != null) {
				return servers;
			}
		}
		return environment.getProperty("spring.kafka.bootstrap-servers", "localhost:9092");
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnProperty(prefix = "outbox.relay", name = "enabled", matchIfMissing = true)
	OutboxRetention outboxRetention(DataSource dataSource, OutboxProperties properties) {
		return new OutboxRetention(dataSource, properties.retention(), properties.cleanupInterval(), Clock.systemUTC());
	}

	/**
	 * Reads Boot's Kafka connection details; a class of its own so that nothing loads
	 * them where spring-boot-kafka is absent.
	 */
	private static final class KafkaConnection {

		static final String DETAILS = "org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails";

		static @Nullable String bootstrapServers(ListableBeanFactory beans) {
			KafkaConnectionDetails details = beans.getBeanProvider(KafkaConnectionDetails.class).getIfUnique();
			return (details != null) ? String.join(",", details.getProducer().getBootstrapServers()) : null;
		}

	}

}
