package io.github.outbox.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import javax.sql.DataSource;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.awaitility.Awaitility;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import io.github.outbox.autoconfigure.OutboxProperties;
import io.github.outbox.relay.CountingEngine;
import io.github.outbox.relay.OutboxRelay;
import io.github.outbox.testsupport.TestDatabase;
import io.github.outbox.testsupport.TestPostgres;

/**
 * A backlog written while the relay is stopped, then drained: once by an engine that only
 * counts the records, once by the relay into Kafka. Rates are from the first record to
 * the last, so the engines' start-up is not counted.
 */
final class CatchUp {

	private static final Logger logger = LoggerFactory.getLogger(CatchUp.class);

	static final String AGGREGATE = "Backlog";

	private CatchUp() {
	}

	static Result run(SampleInstance sample, TestDatabase database, String bootstrapServers, int backlog)
			throws Exception {
		OutboxRelay relay = sample.context().getBean(OutboxRelay.class);
		OutboxProperties properties = sample.context().getBean(OutboxProperties.class);
		DataSource dataSource = sample.context().getBean(DataSource.class);
		String countingSlot = database.slotName() + "_count";
		DataSource asRelay = new DriverManagerDataSource(database.jdbcUrl(), TestPostgres.RELAY_USER,
				TestPostgres.RELAY_PASSWORD);
		try {
			// the counting engine's slot, made before the backlog so that it streams all
			// of it
			try (CountingEngine counting = CountingEngine.start(dataSource, properties.relay(), countingSlot,
					TestPostgres.APP_USER, TestPostgres.APP_PASSWORD)) {
				awaitSlotActive(asRelay, countingSlot);
			}
			relay.stop();
			long writing = System.nanoTime();
			Backlog.write(dataSource, AGGREGATE, "backlog.example.com", backlog);
			double writeSeconds = (System.nanoTime() - writing) / 1e9;
			logger.info("Backlog of {} events written in {} s", backlog, String.format("%.1f", writeSeconds));

			double counted;
			try (CountingEngine counting = CountingEngine.start(dataSource, properties.relay(), countingSlot,
					TestPostgres.APP_USER, TestPostgres.APP_PASSWORD)) {
				Awaitility.await("counting " + backlog + " records")
					.atMost(Duration.ofMinutes(10))
					.pollInterval(Duration.ofMillis(20))
					.until(() -> counting.counted() >= backlog);
				counted = backlog / ((counting.lastNanos() - counting.firstNanos()) / 1e9);
			}
			logger.info("Counting engine: {} records/s", String.format("%,.0f", counted));

			relay.start();
			double published = drainRate(bootstrapServers, SampleInstance.TOPIC_PREFIX + AGGREGATE, backlog);
			logger.info("Relay into Kafka: {} events/s", String.format("%,.0f", published));
			return new Result(published, counted, writeSeconds);
		}
		finally {
			Awaitility.await("dropping slot " + countingSlot)
				.atMost(Duration.ofSeconds(30))
				.ignoreExceptions()
				.until(() -> JdbcClient.create(asRelay)
					.sql("select count(pg_drop_replication_slot(slot_name)) from pg_replication_slots "
							+ "where slot_name = ? and not active")
					.param(countingSlot)
					.query(Long.class)
					.single() >= 0);
		}
	}

	private static void awaitSlotActive(DataSource asRelay, String slot) {
		Awaitility.await("slot " + slot + " streaming")
			.atMost(Duration.ofMinutes(1))
			.pollInterval(Duration.ofMillis(100))
			.ignoreExceptions()
			.until(() -> JdbcClient.create(asRelay)
				.sql("select count(*) from pg_replication_slots where slot_name = ? and active")
				.param(slot)
				.query(Long.class)
				.single() == 1);
	}

	/** Records a second from the first on the topic to the {@code count}th. */
	private static double drainRate(String bootstrapServers, String topic, int count) {
		try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
				Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, ConsumerConfig.GROUP_ID_CONFIG,
						"bench-" + UUID.randomUUID()),
				new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
			List<TopicPartition> partitions = IntStream.range(0, consumer.partitionsFor(topic).size())
				.mapToObj((p) -> new TopicPartition(topic, p))
				.toList();
			long[] first = { 0 };
			Awaitility.await("relaying " + count + " events")
				.atMost(Duration.ofMinutes(10))
				.pollInterval(Duration.ofMillis(20))
				.until(() -> {
					long total = consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
					if (total > 0 && first[0] == 0) {
						first[0] = System.nanoTime();
					}
					return total >= count;
				});
			return count / ((System.nanoTime() - first[0]) / 1e9);
		}
	}

	/**
	 * @param published events a second into Kafka
	 * @param counted records a second the counting engine read
	 * @param writeSeconds how long writing the backlog took
	 */
	record Result(double published, double counted, double writeSeconds) {
	}

}
