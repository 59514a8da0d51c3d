package com.example.orders;

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
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.orm.jpa.JpaTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;

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
 * A minimal application on JPA/Hibernate and Liquibase with the outbox added as the README
 * says: its entity and its event commit together under {@link JpaTransactionManager}, and roll back
 * together, including when Hibernate's own write fails at commit.
 */
class JpaApplicationTests {

	private static TestKafka kafka;

	private static TestDatabase database;

	private static ConfigurableApplicationContext app;

	@BeforeAll
	static void start() {
		kafka = TestKafka.start();
		database = TestPostgres.createDatabase("jpa_app");
		Map<String, Object> properties = new HashMap<>(database.properties());
		properties.put("outbox.relay.kafka.bootstrap-servers", kafka.bootstrapServers());
		// let the database, not Hibernate, refuse a null customer: the failure
		// comes at flush
		properties.put("spring.jpa.properties.hibernate.check_nullability", "false");
		app = new SpringApplicationBuilder(JpaApplication.class).web(WebApplicationType.NONE)
			.run(CommandLine.of(properties));
	}

	@AfterAll
	static void stop() {
		app.close();
		database.close();
		kafka.close();
	}

	@Test
	void runsUnderHibernatesTransactionManager() {
		assertThat(app.getBean(PlatformTransactionManager.class)).isInstanceOf(JpaTransactionManager.class);
	}

	@Test
	void publishesTheEventOfACommittedOrder() {
		try (TopicReader topic = new TopicReader(kafka.bootstrapServers(),
				Pattern.compile("outbox\\.event\\.PurchaseOrder"))) {
			UUID orderId = app.getBean(OrderDesk.class).place("ada");

			ConsumerRecord<byte[], byte[]> record = await().atMost(Duration.ofSeconds(30))
				.until(() -> topic.poll()
					.stream()
					.filter((candidate) -> orderId.toString().equals(TopicReader.text(candidate.key())))
					.findFirst(), Optional::isPresent)
				.get();
			assertThat(TopicReader.header(record, OutboxHeaders.EVENT_TYPE)).isEqualTo("OrderPlaced");
			assertThat(rows("purchase_order", "id", orderId)).isOne();
		}
	}

	@Test
	void writesNeitherOrderNorEventWhenTheTransactionRollsBack() {
		long events = rows("outbox_event", "1", 1);
		assertThatException().isThrownBy(() -> app.getBean(OrderDesk.class).placeAndFail("bob"))
			.withMessage("credit limit exceeded");
		assertThat(rows("outbox_event", "1", 1)).isEqualTo(events);
		assertThat(rows("purchase_order", "customer", "bob")).isZero();
	}

	@Test
	void writesNoEventWhenHibernatesOwnInsertFailsAtCommit() {
		long events = rows("outbox_event", "1", 1);
		// customer is not null: Hibernate's insert runs at flush, after the
		// event's insert
		assertThatException().isThrownBy(() -> app.getBean(OrderDesk.class).place(null));
		assertThat(rows("outbox_event", "1", 1)).isEqualTo(events);
	}

	@Test
	void publishesAnAnnotatedApplicationEventOfACommittedOrder() {
		try (TopicReader topic = new TopicReader(kafka.bootstrapServers(),
				Pattern.compile("outbox\\.event\\.PurchaseOrder"))) {
			UUID orderId = app.getBean(OrderDesk.class).placeAnnounced("cy", false);

			ConsumerRecord<byte[], byte[]> record = await().atMost(Duration.ofSeconds(30))
				.until(() -> topic.poll()
					.stream()
					.filter((candidate) -> orderId.toString().equals(TopicReader.text(candidate.key())))
					.findFirst(), Optional::isPresent)
				.get();
			assertThat(TopicReader.header(record, OutboxHeaders.EVENT_TYPE)).isEqualTo("OrderAnnounced");
		}
	}

	@Test
	void writesNoApplicationEventWhenTheOrderRollsBack() {
		long events = rows("outbox_event", "type", "OrderAnnounced");
		assertThatException().isThrownBy(() -> app.getBean(OrderDesk.class).placeAnnounced("dee", true))
			.withMessage("credit limit exceeded");
		assertThat(rows("outbox_event", "type", "OrderAnnounced")).isEqualTo(events);
		assertThat(rows("purchase_order", "customer", "dee")).isZero();
	}

	@Test
	void keepsItsOwnLiquibaseChangelogBesideTheOutboxsMigrations() {
		assertThat(rows("databasechangelog", "id", "purchase-order")).isOne();
		assertThat(rows("outbox_schema_history", "success", true)).isPositive();
	}

	private static long rows(String table, String column, Object value) {
		return app.getBean(JdbcClient.class)
			.sql("select count(*) from " + table + " where " + column + " = ?")
			.param(value)
			.query(Long.class)
			.single();
	}

}
