package io.github.outbox.autoconfigure;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

import javax.sql.DataSource;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.boot.kafka.autoconfigure.SslBundleSslEngineFactory;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.sql.init.dependency.DatabaseInitializationDependencyConfigurer;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

import io.github.outbox.Outbox;
import io.github.outbox.OutboxHeaderContributor;
import io.github.outbox.RecordingOutbox;
import io.github.outbox.relay.OutboxRelay;
import io.github.outbox.replay.OutboxReplay;
import io.github.outbox.retention.OutboxRetention;
import tools.jackson.databind.json.JsonMapper;

/**
 * Auto-configuration of the outbox: its tables, the {@link Outbox} writer, the relay to
 * Kafka, the retention clean-up and the {@link OutboxReplay replay}, and the writing of
 * {@link io.github.outbox.OutboxPublished} application events. Every bean backs off when
 * the application defines its own. Where the outbox is off ({@code outbox.enabled=false})
 * or its DataSource is surely not PostgreSQL, only a {@link RecordingOutbox} is provided.
 */
@AutoConfiguration(after = { DataSourceAutoConfiguration.class, DataSourceTransactionManagerAutoConfiguration.class })
@ConditionalOnSingleCandidate(DataSource.class)
@EnableConfigurationProperties(OutboxProperties.class)
@Import(DatabaseInitializationDependencyConfigurer.class)
public class OutboxAutoConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(OutboxAutoConfiguration.class);

	/*
	 * A mapper of the outbox's own: the JSON on the wire must not change because the
	 * application tuned its web mapper.
	 */
	private static final JsonMapper json = JsonMapper.builder().build();

	@Bean
	@ConditionalOnMissingBean
	static OutboxPublishedEvents outboxPublishedEvents(ObjectProvider<Outbox> outbox) {
		return new OutboxPublishedEvents(outbox);
	}

	/**
	 * The outbox on PostgreSQL: its tables, the writer, the relay, the retention and the
	 * replay.
	 */
	@Configuration(proxyBeanMethods = false)
	@Conditional(OnPostgreSqlDataSourceCondition.class)
	static class Database {

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
		@DependsOnDatabaseInitialization
		Outbox outbox(DataSource dataSource, OutboxProperties properties,
				ObjectProvider<OutboxHeaderContributor> headerContributors) {
			return new Outbox(dataSource, json, (int) properties.maxPayloadSize().toBytes(),
					headerContributors.orderedStream().toList());
		}

		@Bean
		@ConditionalOnMissingBean
		@DependsOnDatabaseInitialization
		OutboxReplay outboxReplay(DataSource dataSource, OutboxProperties properties) {
			return new OutboxReplay(dataSource, properties.replay().maxEvents());
		}

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnProperty(prefix = "outbox.relay", name = "enabled", matchIfMissing = true)
		@DependsOnDatabaseInitialization
		OutboxRelay outboxRelay(DataSource dataSource, OutboxProperties properties,
				ObjectProvider<JdbcConnectionDetails> jdbcConnection,
				ObjectProvider<DataSourceProperties> dataSourceProperties, ListableBeanFactory beans,
				Environment environment) {
			// The DataSource's credentials, for when the relay has no role of its own:
			// from its connection details where Boot built it (properties,
			// @ServiceConnection, Docker Compose), else from spring.datasource.*.
			JdbcConnectionDetails connection = jdbcConnection.getIfUnique();
			DataSourceProperties pool = dataSourceProperties.getIfAvailable();
			String username = (connection != null) ? connection.getUsername()
					: (pool != null) ? pool.determineUsername() : null;
			String password = (connection != null) ? connection.getPassword()
					: (pool != null) ? pool.determinePassword() : null;
			if (ClassUtils.isPresent(KafkaConnection.PROPERTIES, OutboxAutoConfiguration.class.getClassLoader())) {
				KafkaConnection kafka = KafkaConnection.of(beans);
				if (kafka != null) {
					return new OutboxRelay(dataSource, properties.relay(), username, password, kafka.producer(),
							kafka.admin(), json);
				}
			}
			return new OutboxRelay(dataSource, properties.relay(), username, password,
					environment.getProperty("spring.kafka.bootstrap-servers", "localhost:9092"), json);
		}

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnProperty(prefix = "outbox.relay", name = "enabled", matchIfMissing = true)
		@DependsOnDatabaseInitialization
		OutboxRetention outboxRetention(DataSource dataSource, OutboxProperties properties) {
			return new OutboxRetention(dataSource, properties.retention(), properties.cleanupInterval(),
					Clock.systemUTC());
		}

	}

	/**
	 * The outbox where it is off or its DataSource is not PostgreSQL (an H2 default
	 * profile, tests): events are kept in memory, nothing is stored or published.
	 */
	@Configuration(proxyBeanMethods = false)
	@Conditional(OnPostgreSqlDataSourceCondition.Absent.class)
	static class Recording {

		@Bean
		@ConditionalOnMissingBean(Outbox.class)
		RecordingOutbox outbox(OutboxProperties properties, ObjectProvider<OutboxHeaderContributor> headerContributors,
				ConfigurableApplicationContext context) {
			String reason = OnPostgreSqlDataSourceCondition.otherDatabase(context.getEnvironment(),
					context.getBeanFactory(), context.getClassLoader());
			if (properties.enabled()) {
				logger.warn("The outbox {}: events are kept in memory (RecordingOutbox), neither stored nor "
						+ "published, and the relay does not run. Point spring.datasource.url at PostgreSQL to "
						+ "publish them, or set outbox.enabled=false where this is intended", reason);
			}
			else {
				logger.info("The outbox {}: events are kept in memory (RecordingOutbox), neither stored nor published",
						reason);
			}
			return new RecordingOutbox(json, (int) properties.maxPayloadSize().toBytes(),
					headerContributors.orderedStream().toList());
		}

	}

	/**
	 * The application's Kafka client settings, where Spring Boot's Kafka support is
	 * present: {@code spring.kafka.*} (servers, TLS, SASL, client id, properties) with
	 * its connection details (a {@code @ServiceConnection}, Docker Compose) over them, as
	 * Boot's own producer gets them. A class of its own so that nothing loads Boot's
	 * Kafka types where they are absent.
	 */
	record KafkaConnection(Map<String, Object> producer, Map<String, Object> admin) {

		static final String PROPERTIES = "org.springframework.boot.kafka.autoconfigure.KafkaProperties";

		static @Nullable KafkaConnection of(ListableBeanFactory beans) {
			KafkaProperties properties = beans.getBeanProvider(KafkaProperties.class).getIfUnique();
			KafkaConnectionDetails details = beans.getBeanProvider(KafkaConnectionDetails.class).getIfUnique();
			if (properties == null && details == null) {
				return null;
			}
			return of(properties, details);
		}

		static KafkaConnection of(@Nullable KafkaProperties properties, @Nullable KafkaConnectionDetails details) {
			Map<String, Object> producer = new HashMap<>(
					(properties != null) ? properties.buildProducerProperties() : Map.of());
			Map<String, Object> admin = new HashMap<>(
					(properties != null) ? properties.buildAdminProperties() : Map.of());
			if (details != null) {
				apply(producer, details.getProducer());
				apply(admin, details.getAdmin());
			}
			return new KafkaConnection(producer, admin);
		}

		private static void apply(Map<String, Object> config, KafkaConnectionDetails.Configuration connection) {
			config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG,
					String.join(",", connection.getBootstrapServers()));
			if (connection.getSecurityProtocol() != null) {
				config.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, connection.getSecurityProtocol());
			}
			SslBundle ssl = connection.getSslBundle();
			if (ssl != null) {
				config.put(SslConfigs.SSL_ENGINE_FACTORY_CLASS_CONFIG, SslBundleSslEngineFactory.class);
				config.put(SslBundle.class.getName(), ssl);
			}
		}

	}

}
