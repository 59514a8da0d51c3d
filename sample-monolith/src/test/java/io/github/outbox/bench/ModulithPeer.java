package io.github.outbox.bench;

import java.util.Map;
import java.util.UUID;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.modulith.events.Externalized;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.github.outbox.testsupport.CommandLine;
import io.github.outbox.testsupport.TestDatabase;

/**
 * The peer: Spring Modulith's event publication registry (JDBC) with Kafka
 * externalization, the Spring-native outbox. An event published in a transaction is
 * stored in {@code event_publication} with it, and sent to Kafka after the commit.
 */
final class ModulithPeer implements AutoCloseable {

	static final String TOPIC = "peer.event.User";

	private final ConfigurableApplicationContext context;

	private final TransactionTemplate transactions;

	private ModulithPeer(ConfigurableApplicationContext context) {
		this.context = context;
		this.transactions = new TransactionTemplate(context.getBean(PlatformTransactionManager.class));
	}

	/**
	 * Starts the peer on its own database with Modulith's defaults, plus {@code tuning}.
	 */
	static ModulithPeer start(TestDatabase database, String bootstrapServers, Map<String, Object> tuning) {
		Map<String, Object> properties = new java.util.LinkedHashMap<>();
		properties.put("spring.datasource.url", database.jdbcUrl());
		properties.put("spring.datasource.username", database.properties().get("spring.datasource.username"));
		properties.put("spring.datasource.password", database.properties().get("spring.datasource.password"));
		properties.put("spring.kafka.bootstrap-servers", bootstrapServers);
		properties.put("spring.kafka.producer.key-serializer",
				"org.apache.kafka.common.serialization.StringSerializer");
		properties.put("spring.kafka.producer.value-serializer",
				"org.apache.kafka.common.serialization.ByteArraySerializer");
		properties.put("spring.modulith.events.jdbc.schema-initialization.enabled", true);
		properties.put("spring.main.web-application-type", "none");
		properties.put("spring.flyway.enabled", false);
		properties.put("spring.autoconfigure.exclude", "io.github.outbox.autoconfigure.OutboxAutoConfiguration");
		properties.put("logging.level.root", "warn");
		properties.put("logging.level.io.github.outbox.bench", "info");
		properties.putAll(tuning);
		return new ModulithPeer(new SpringApplicationBuilder(Application.class).run(CommandLine.of(properties)));
	}

	/** Publishes one event, keyed by {@code key}, in a transaction of its own. */
	void write(String key, CommitClock clock) {
		ApplicationEventPublisher events = this.context;
		this.transactions.executeWithoutResult((status) -> {
			clock.stampCommitOf(key);
			events.publishEvent(new PeerUserRegistered(key, "user-" + key + "@peer.example.com", "Bench User"));
		});
	}

	@Override
	public void close() {
		this.context.close();
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class Application {

	}

	/** What the peer publishes: routed to {@link #TOPIC}, keyed by the user id. */
	@Externalized(TOPIC + "::#{#this.userId()}")
	record PeerUserRegistered(String userId, String email, String name) {

		PeerUserRegistered {
			UUID.fromString(userId);
		}

	}

}
