package com.example.shipping;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import io.github.outbox.OutboxHeaders;
import io.github.outbox.testsupport.CommandLine;
import io.github.outbox.testsupport.TestDatabase;
import io.github.outbox.testsupport.TestKafka;
import io.github.outbox.testsupport.TestPostgres;
import io.github.outbox.testsupport.TopicReader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.awaitility.Awaitility.await;

/**
 * A minimal application on plain {@link JdbcTemplate} and {@code @Transactional}, with
 * Flyway migrations of its own: its row and its event commit together and roll back
 * together.
 */
class JdbcTemplateApplicationTests {

	private static TestKafka kafka;

	private static TestDatabase database;

	private static ConfigurableApplicationContext app;

	@BeforeAll
	static void start() {
		kafka = TestKafka.start();
		database = TestPostgres.createDatabase("jdbc_app");
		Map<String, Object> properties = new HashMap<>(database.properties());
		properties.put("outbox.relay.kafka.bootstrap-servers", kafka.bootstrapServers());
		app = new SpringApplicationBuilder(JdbcApplication.class).web(WebApplicationType.NONE)
			.run(CommandLine.of(properties));
	}

	@AfterAll
	static void stop() {
		app.close();
		database.close();
		kafka.close();
	}

	@Test
	void publishesTheEventOfACommittedWrite() {
		try (TopicReader topic = new TopicReader(kafka.bootstrapServers(),
				Pattern.compile("outbox\\.event\\.Shipment"))) {
			UUID shipmentId = app.getBean(Shipping.class).ship("1 Main Street", false);

			await().atMost(Duration.ofSeconds(30))
				.until(() -> topic.poll()
					.stream()
					.filter((record) -> shipmentId.toString().equals(TopicReader.text(record.key())))
					.findFirst(), Optional::isPresent);
			assertThat(count("select count(*) from shipment where id = ?", shipmentId)).isOne();
		}
	}

	@Test
	void writesNeitherRowNorEventWhenTheTransactionRollsBack() {
		long events = count("select count(*) from outbox_event where aggregatetype = ?", "Shipment");
		assertThatException().isThrownBy(() -> app.getBean(Shipping.class).ship("2 Side Street", true))
			.withMessage("address not served");
		assertThat(count("select count(*) from outbox_event where aggregatetype = ?", "Shipment")).isEqualTo(events);
		assertThat(count("select count(*) from shipment where address = ?", "2 Side Street")).isZero();
	}

	@Test
	void publishesAnAnnotatedApplicationEventOfACommittedWrite() {
		try (TopicReader topic = new TopicReader(kafka.bootstrapServers(),
				Pattern.compile("outbox\\.event\\.Shipment"))) {
			UUID shipmentId = app.getBean(Shipping.class).dispatch("3 High Street", false);

			ConsumerRecord<byte[], byte[]> record = await().atMost(Duration.ofSeconds(30))
				.until(() -> topic.poll()
					.stream()
					.filter((candidate) -> shipmentId.toString().equals(TopicReader.text(candidate.key())))
					.findFirst(), Optional::isPresent)
				.get();
			assertThat(TopicReader.header(record, OutboxHeaders.EVENT_TYPE)).isEqualTo("ShipmentDispatched");
		}
	}

	@Test
	void writesNoApplicationEventWhenTheTransactionRollsBack() {
		long events = count("select count(*) from outbox_event where type = ?", "ShipmentDispatched");
		assertThatException().isThrownBy(() -> app.getBean(Shipping.class).dispatch("4 Low Street", true))
			.withMessage("address not served");
		assertThat(count("select count(*) from outbox_event where type = ?", "ShipmentDispatched"))
			.isEqualTo(events);
	}

	@Test
	void keepsItsOwnMigrationsBesideTheOutboxs() {
		assertThat(count("select count(*) from flyway_schema_history where script = ?", "V1__shipment.sql")).isOne();
		assertThat(count("select count(*) from outbox_schema_history where success = ?", true)).isPositive();
	}

	private static long count(String sql, Object parameter) {
		return app.getBean(JdbcTemplate.class).queryForObject(sql, Long.class, parameter);
	}

}
