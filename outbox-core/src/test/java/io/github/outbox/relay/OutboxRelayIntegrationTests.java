package io.github.outbox.relay;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.IllegalTransactionStateException;
import org.springframework.transaction.support.TransactionTemplate;

import io.github.outbox.Outbox;
import io.github.outbox.OutboxHeaders;
import io.github.outbox.testsupport.CommandLine;
import io.github.outbox.testsupport.TestDatabase;
import io.github.outbox.testsupport.TestKafka;
import io.github.outbox.testsupport.TestPostgres;
import io.github.outbox.testsupport.TopicReader;

import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The relay on a real PostgreSQL with logical decoding and a real Kafka broker.
 */
class OutboxRelayIntegrationTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static TestKafka kafka;

	private TestDatabase database;

	private String aggregateType;

	@BeforeAll
	static void startKafka() {
		kafka = TestKafka.start();
	}

	@AfterAll
	static void stopKafka() {
		kafka.close();
	}

	@BeforeEach
	void createDatabase() {
		this.database = TestPostgres.createDatabase("relay_it");
		this.aggregateType = "Account" + UUID.randomUUID().toString().substring(0, 8);
	}

	@AfterEach
	void dropDatabase() {
		this.database.close();
	}

	@Test
	void publishesCommittedEventsKeyedByAggregateIdWithEventIdAndTypeHeaders() {
		try (ConfigurableApplicationContext app = start(Map.of()); TopicReader topic = reader()) {
			UUID accountId = UUID.randomUUID();
			UUID eventId = inTransaction(app,
					(outbox) -> outbox.publish(this.aggregateType, accountId, new AccountOpened(accountId, "Ada")));

			ConsumerRecord<byte[], byte[]> record = await().atMost(Duration.ofSeconds(30))
				.until(topic::poll, (records) -> records.size() == 1)
				.get(0);
			assertThat(record.topic()).isEqualTo("outbox.event." + this.aggregateType);
			assertThat(TopicReader.text(record.key())).isEqualTo(accountId.toString());
			assertThat(TopicReader.header(record, OutboxHeaders.EVENT_ID)).isEqualTo(eventId.toString());
			assertThat(TopicReader.header(record, OutboxHeaders.EVENT_TYPE)).isEqualTo("AccountOpened");
			assertThat(TopicReader.header(record, OutboxHeaders.AGGREGATE_TYPE)).isEqualTo(this.aggregateType);
			assertThat(TopicReader.header(record, OutboxHeaders.OCCURRED_AT)).isNotBlank();
			assertThat(JSON.readTree(record.value()))
				.isEqualTo(JSON.readTree("{\"accountId\":\"" + accountId + "\",\"holder\":\"Ada\"}"));
		}
	}

	@Test
	void publishesAnEventAgainWhenItsRowIsDeletedAndInsertedAgain() {
		try (ConfigurableApplicationContext app = start(Map.of()); TopicReader topic = reader()) {
			UUID accountId = UUID.randomUUID();
			UUID replayed = inTransaction(app,
					(outbox) -> outbox.publish(this.aggregateType, accountId, new AccountOpened(accountId, "Ada")));
			inTransaction(app,
					(outbox) -> outbox.publish(this.aggregateType, accountId, new AccountOpened(accountId, "Bob")));
			await().atMost(Duration.ofSeconds(30)).until(topic::poll, (records) -> records.size() == 2);

			// the replay documented in docs/operations.md
			app.getBean(JdbcClient.class)
				.sql("with e as (delete from outbox_event where id = ? returning *) insert into outbox_event select * from e")
				.param(replayed)
				.update();

			List<ConsumerRecord<byte[], byte[]>> records = await().atMost(Duration.ofSeconds(30))
				.until(topic::poll, (all) -> all.size() == 3);
			ConsumerRecord<byte[], byte[]> again = records.get(2);
			assertThat(TopicReader.header(again, OutboxHeaders.EVENT_ID)).isEqualTo(replayed.toString());
			assertThat(TopicReader.text(again.key())).isEqualTo(accountId.toString());
			assertThat(JSON.readTree(again.value())).isEqualTo(JSON.readTree(records.get(0).value()));
		}
	}

	@Test
	void publishesNothingWhenTheBusinessTransactionRollsBack() {
		try (ConfigurableApplicationContext app = start(Map.of()); TopicReader topic = reader()) {
			UUID accountId = UUID.randomUUID();
			TransactionTemplate transaction = app.getBean(TransactionTemplate.class);
			Outbox outbox = app.getBean(Outbox.class);
			assertThatThrownBy(() -> transaction.executeWithoutResult((status) -> {
				outbox.publish(this.aggregateType, accountId, new AccountOpened(accountId, "rolled back"));
				throw new IllegalStateException("business rule failed");
			})).hasMessage("business rule failed");
			UUID marker = inTransaction(app,
					(tx) -> tx.publish(this.aggregateType, accountId, new AccountOpened(accountId, "committed")));

			// Same key, same partition: once the later event is in, the earlier one never
			// will be.
			List<ConsumerRecord<byte[], byte[]>> records = await().atMost(Duration.ofSeconds(30))
				.until(topic::poll, (all) -> all.stream()
					.anyMatch((r) -> marker.toString().equals(TopicReader.header(r, OutboxHeaders.EVENT_ID))));
			assertThat(records).hasSize(1);
			assertThat(outboxRows(app)).isEqualTo(1);
		}
	}

	@Test
	void refusesToPublishOutsideATransaction() {
		try (ConfigurableApplicationContext app = start(Map.of("outbox.relay.enabled", "false"))) {
			Outbox outbox = app.getBean(Outbox.class);
			assertThatExceptionOfType(IllegalTransactionStateException.class)
				.isThrownBy(() -> outbox.publish(this.aggregateType, "a-1", new AccountOpened(UUID.randomUUID(), "x")))
				.withMessageContaining("@Transactional");
			assertThat(outboxRows(app)).isZero();
		}
	}

	@Test
	void refusesAPayloadOverTheSizeLimitAndWritesNothing() {
		try (ConfigurableApplicationContext app = start(
				Map.of("outbox.relay.enabled", "false", "outbox.max-payload-size", "1KB"))) {
			assertThatThrownBy(() -> inTransaction(app,
					(outbox) -> outbox.publish(this.aggregateType, "a-1", new AccountOpened(null, "x".repeat(2000)))))
				.isInstanceOf(IllegalArgumentException.class)
				.hasMessageContaining("outbox.max-payload-size");
			assertThat(outboxRows(app)).isZero();
		}
	}

	@Test
	void publishesEventsWrittenBeforeTheRelayFirstRan() {
		List<UUID> written;
		try (ConfigurableApplicationContext withoutRelay = start(Map.of("outbox.relay.enabled", "false"))) {
			written = publish(withoutRelay, 20);
		}
		try (ConfigurableApplicationContext app = start(Map.of()); TopicReader topic = reader()) {
			List<UUID> more = publish(app, 5);
			await().atMost(Duration.ofSeconds(60))
				.untilAsserted(() -> assertThat(eventIds(topic.poll())).containsAll(written).containsAll(more));
			// a late repeat is on the topic once the relay confirmed all it was given
			this.database.awaitRelayConfirmsWalWrittenSoFar();
			assertThat(eventIds(topic.pollToEnd())).doesNotHaveDuplicates();
		}
	}

	@Test
	void publishesEventsWrittenWhileStoppedAndRepeatsNoneAfterACleanStop() {
		List<UUID> first;
		try (ConfigurableApplicationContext app = start(Map.of()); TopicReader topic = reader()) {
			first = publish(app, 50);
			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(eventIds(topic.poll())).containsExactlyInAnyOrderElementsOf(first));
		}
		List<UUID> whileStopped;
		try (ConfigurableApplicationContext withoutRelay = start(Map.of("outbox.relay.enabled", "false"))) {
			whileStopped = publish(withoutRelay, 30);
		}
		try (ConfigurableApplicationContext app = start(Map.of()); TopicReader topic = reader()) {
			List<UUID> after = publish(app, 20);
			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(eventIds(topic.poll())).containsAll(whileStopped).containsAll(after));
			this.database.awaitRelayConfirmsWalWrittenSoFar();
			assertThat(eventIds(topic.pollToEnd())).hasSize(100).doesNotHaveDuplicates();
		}
	}

	@Test
	void leavesNoSessionOrActiveSlotBehindWhenItStops() {
		ConfigurableApplicationContext app = start(Map.of());
		await().atMost(Duration.ofSeconds(15)).until(() -> app.getBean(OutboxRelay.class).isLeader());
		JdbcClient server = JdbcClient.create(new org.springframework.jdbc.datasource.DriverManagerDataSource(
				TestPostgres.jdbcUrl("outbox_sample"), TestPostgres.RELAY_USER, TestPostgres.RELAY_PASSWORD));
		await().atMost(Duration.ofSeconds(15))
			.until(() -> server.sql("select count(*) from pg_replication_slots where slot_name = ? and active")
				.param(this.database.slotName())
				.query(Long.class)
				.single() == 1);

		app.close();

		// A closed connection's backend leaves pg_stat_activity a moment after the client
		// returns; a connection left open would stay.
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(server.sql(
					"select count(*) from pg_stat_activity where datname = ? and usename = ? and pid <> pg_backend_pid()")
				.params(this.database.name(), TestPostgres.RELAY_USER)
				.query(Long.class)
				.single()).isZero());
	}

	@Test
	void keepsTheWalItRetainsBoundedWhileTheOutboxIsQuietAndTheDatabaseBusy() {
		try (ConfigurableApplicationContext app = start(Map.of("outbox.relay.heartbeat-interval", "1s"))) {
			JdbcClient jdbc = app.getBean(JdbcClient.class);
			await().atMost(Duration.ofSeconds(15)).until(() -> retainedWal(jdbc) != null);
			jdbc.sql("create table busy (id bigserial primary key, filler text)").update();
			for (int i = 0; i < 20; i++) {
				// 20 x ~1 MB of WAL in a table the relay does not stream
				jdbc.sql("insert into busy (filler) select repeat('x', 1000) from generate_series(1, 1000)").update();
			}
			long retainedAfterWrites = retainedWal(jdbc);
			assertThat(retainedAfterWrites).isGreaterThan(10_000_000L);

			long writesDone = System.nanoTime();
			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(retainedWal(jdbc)).isLessThan(1024L * 1024));
			System.out.printf(
					"RELIABILITY {\"fault\":\"idle outbox, busy database\",\"walWrittenElsewhereBytes\":%d,"
							+ "\"walRetainedBytesAfter\":%d,\"millisToBound\":%d,\"heartbeatSeconds\":1}%n",
					retainedAfterWrites, retainedWal(jdbc),
					Duration.ofNanos(System.nanoTime() - writesDone).toMillis());
		}
	}

	private Long retainedWal(JdbcClient jdbc) {
		return jdbc
			.sql("select (pg_current_wal_lsn() - confirmed_flush_lsn)::bigint from pg_replication_slots "
					+ "where slot_name = ? and active")
			.param(this.database.slotName())
			.query(Long.class)
			.optional()
			.orElse(null);
	}

	@Test
	void keepsTheCommitOrderOfOneAggregatesEvents() {
		try (ConfigurableApplicationContext app = start(Map.of()); TopicReader topic = reader()) {
			String accountId = "account-1";
			List<UUID> ids = IntStream.range(0, 300)
				.mapToObj((i) -> inTransaction(app,
						(outbox) -> outbox.publish(this.aggregateType, accountId, new AccountOpened(null, "n" + i))))
				.toList();
			await().atMost(Duration.ofSeconds(30)).until(() -> topic.poll().size() == ids.size());
			assertThat(eventIds(topic.poll())).containsExactlyElementsOf(ids);
			assertThat(topic.poll()).extracting(ConsumerRecord::partition)
				.containsOnly(topic.poll().get(0).partition());
		}
	}

	@Test
	void failsToStartWhenTheRelayRoleMayNotReplicate() {
		assertThatThrownBy(() -> start(Map.of("outbox.relay.username", TestPostgres.APP_USER, "outbox.relay.password",
				TestPostgres.APP_PASSWORD)))
			.rootCause()
			.isInstanceOf(RelayStartupException.class)
			.hasMessageContaining("may not stream changes")
			.satisfies((ex) -> assertThat(((RelayStartupException) ex).action())
				.contains("ALTER ROLE outbox_app WITH REPLICATION"));
	}

	@Test
	void failsToStartWhenKafkaIsUnreachable() {
		assertThatThrownBy(() -> start(Map.of("outbox.relay.kafka.bootstrap-servers", "127.0.0.1:1",
				"outbox.relay.kafka.startup-timeout", "2s")))
			// the admin client's own time-out or the wait's, whichever comes first
			.satisfies((ex) -> assertThat(findStartupException(ex)).hasMessageContaining("did not answer within"));
	}

	private static RelayStartupException findStartupException(Throwable ex) {
		Throwable current = ex;
		while (current != null && !(current instanceof RelayStartupException)) {
			current = current.getCause();
		}
		assertThat(current).as("a RelayStartupException in the cause chain of %s", ex).isNotNull();
		return (RelayStartupException) current;
	}

	private ConfigurableApplicationContext start(Map<String, Object> overrides) {
		Map<String, Object> properties = new HashMap<>(this.database.properties());
		properties.put("outbox.relay.kafka.bootstrap-servers", kafka.bootstrapServers());
		// the relay confirms its position within a second of the last event
		properties.put("outbox.relay.heartbeat-interval", "1s");
		properties.putAll(overrides);
		return new SpringApplicationBuilder(RelayTestApplication.class).web(WebApplicationType.NONE)
			.run(CommandLine.of(properties));
	}

	private TopicReader reader() {
		return new TopicReader(kafka.bootstrapServers(),
				Pattern.compile(Pattern.quote("outbox.event." + this.aggregateType)));
	}

	private List<UUID> publish(ConfigurableApplicationContext app, int count) {
		return IntStream.range(0, count).mapToObj((i) -> inTransaction(app, (outbox) -> {
			UUID accountId = UUID.randomUUID();
			return outbox.publish(this.aggregateType, accountId, new AccountOpened(accountId, "holder " + i));
		})).toList();
	}

	private static UUID inTransaction(ConfigurableApplicationContext app,
			java.util.function.Function<Outbox, UUID> work) {
		Outbox outbox = app.getBean(Outbox.class);
		return app.getBean(TransactionTemplate.class).execute((status) -> work.apply(outbox));
	}

	private static long outboxRows(ConfigurableApplicationContext app) {
		return app.getBean(JdbcClient.class).sql("select count(*) from outbox_event").query(Long.class).single();
	}

	private static List<UUID> eventIds(List<ConsumerRecord<byte[], byte[]>> records) {
		return records.stream().map((r) -> UUID.fromString(TopicReader.header(r, OutboxHeaders.EVENT_ID))).toList();
	}

	record AccountOpened(UUID accountId, String holder) {
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class RelayTestApplication {

	}

}
