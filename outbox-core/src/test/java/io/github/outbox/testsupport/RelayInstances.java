package io.github.outbox.testsupport;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.transaction.support.TransactionTemplate;

import io.github.outbox.Outbox;

/**
 * Instances of one outbox application on one throw-away database and one Kafka cluster,
 * as a monolith runs on several nodes: one relay leads, the others stand by. Closing it
 * stops the instances still running, then drops the database and stops Kafka.
 */
public final class RelayInstances implements AutoCloseable {

	private final Class<?> application;

	private final TestKafka kafka;

	private final TestDatabase database;

	private final List<ConfigurableApplicationContext> running = new ArrayList<>();

	private RelayInstances(Class<?> application, TestKafka kafka, TestDatabase database) {
		this.application = application;
		this.kafka = kafka;
		this.database = database;
	}

	/**
	 * A Kafka cluster and a database named after {@code databasePrefix}; no instance yet.
	 */
	public static RelayInstances of(Class<?> application, String databasePrefix) {
		return new RelayInstances(application, TestKafka.start(), TestPostgres.createDatabase(databasePrefix));
	}

	/** Starts one more instance, whose relay checks for leadership every 500 ms. */
	public ConfigurableApplicationContext start() {
		Map<String, Object> properties = new HashMap<>(this.database.properties());
		properties.put("outbox.relay.kafka.bootstrap-servers", this.kafka.bootstrapServers());
		properties.put("outbox.relay.leader-check-interval", "500ms");
		ConfigurableApplicationContext instance = new SpringApplicationBuilder(this.application)
			.web(WebApplicationType.NONE)
			.run(CommandLine.of(properties));
		this.running.add(instance);
		return instance;
	}

	/** Stops one instance cleanly. */
	public void stop(ConfigurableApplicationContext instance) {
		instance.close();
		this.running.remove(instance);
	}

	public List<ConfigurableApplicationContext> running() {
		return List.copyOf(this.running);
	}

	public TestKafka kafka() {
		return this.kafka;
	}

	public TestDatabase database() {
		return this.database;
	}

	/**
	 * Publishes {@code count} events of an aggregate type through an instance, each in a
	 * transaction of its own.
	 * @return the event ids
	 */
	public static List<UUID> publish(ConfigurableApplicationContext instance, String aggregateType, int count) {
		Outbox outbox = instance.getBean(Outbox.class);
		TransactionTemplate transaction = instance.getBean(TransactionTemplate.class);
		return IntStream.range(0, count)
			.mapToObj((i) -> transaction
				.execute((status) -> outbox.publish(aggregateType, UUID.randomUUID(), Map.of("n", i))))
			.toList();
	}

	@Override
	public void close() {
		this.running.forEach(ConfigurableApplicationContext::close);
		this.running.clear();
		this.database.close();
		this.kafka.close();
	}

}
