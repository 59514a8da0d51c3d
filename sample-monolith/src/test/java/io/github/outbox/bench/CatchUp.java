package io.github.outbox.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
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
 * A backlog written while the relay is stopped, then drained three times from the same
 * WAL, one drain after the other: by {@code pg_recvlogical} into /dev/null (what
 * PostgreSQL itself streams: the physical limit), by an engine that only counts the
 * records, and by the relay into Kafka. The relay first drains smaller backlogs until its
 * rate has settled (the JIT's warm-up). Rates are from the first record to the last, so
 * the engines' start-up is not counted.
 */
final class CatchUp {

	private static final Logger logger = LoggerFactory.getLogger(CatchUp.class);

	static final String AGGREGATE = "Backlog";

	private static final Path PG_RECVLOGICAL = Path.of("/usr/lib/postgresql/15/bin/pg_recvlogical");

	private CatchUp() {
	}

	static Result run(SampleInstance sample, TestDatabase database, String bootstrapServers, BenchSettings settings)
			throws Exception {
		int backlog = settings.backlog();
		OutboxRelay relay = sample.context().getBean(OutboxRelay.class);
		OutboxProperties properties = sample.context().getBean(OutboxProperties.class);
		DataSource dataSource = sample.context().getBean(DataSource.class);
		String topic = SampleInstance.TOPIC_PREFIX + AGGREGATE;
		String countingSlot = database.slotName() + "_count";
		String anchorSlot = database.slotName() + "_anchor";
		DataSource asRelay = new DriverManagerDataSource(database.jdbcUrl(), TestPostgres.RELAY_USER,
				TestPostgres.RELAY_PASSWORD);
		try (KafkaConsumer<byte[], byte[]> offsets = offsetReader(bootstrapServers)) {
			// a relay stopped while its engine starts fails: stopped only once it has
			// published a probe event, when it is polling for sure
			awaitPublished(offsets, topic, () -> Backlog.write(dataSource, AGGREGATE, "probe.example.com", 1));
			int window = Math.max(10_000, backlog / 5);
			Warmup.Result warmup = Warmup.until("the relay draining backlogs of " + window, settings.warmupTolerance(),
					0, settings.warmupMaxWindows(), Warmup.JitClock.THIS_JVM, () -> {
						relay.stop();
						Backlog.write(dataSource, AGGREGATE, "warmup.example.com", window);
						long before = endOffsets(offsets, topic);
						relay.start();
						return drainRate(offsets, topic, before, window);
					});

			// The counting engine's slot, made before the backlog so that it
			// streams all of it. The engine refuses to close while its tasks
			// are starting: closed only once it has counted a probe event, when
			// it is polling for sure.
			try (CountingEngine counting = CountingEngine.start(dataSource, properties.relay(), countingSlot,
					TestPostgres.APP_USER, TestPostgres.APP_PASSWORD)) {
				awaitSlotActive(asRelay, countingSlot);
				// the live relay publishes the probe too: not part of the drains below
				awaitPublished(offsets, topic, () -> Backlog.write(dataSource, AGGREGATE, "probe.example.com", 1));
				Awaitility.await("the counting engine streaming")
					.atMost(Duration.ofMinutes(2))
					.pollInterval(Duration.ofMillis(20))
					.until(() -> counting.counted() >= 1);
			}
			boolean anchored = Files.isExecutable(PG_RECVLOGICAL);
			if (anchored) {
				JdbcClient.create(asRelay)
					.sql("select pg_create_logical_replication_slot(?, 'pgoutput')")
					.param(anchorSlot)
					.query()
					.singleRow();
			}
			else {
				logger.warn("{} is missing: no decode limit measured", PG_RECVLOGICAL);
			}
			relay.stop();
			long writing = System.nanoTime();
			Backlog.write(dataSource, AGGREGATE, "backlog.example.com", backlog);
			double writeSeconds = (System.nanoTime() - writing) / 1e9;
			String endLsn = JdbcClient.create(dataSource)
				.sql("select pg_current_wal_lsn()::text")
				.query(String.class)
				.single();
			logger.info("Backlog of {} events written in {} s", backlog, String.format("%.1f", writeSeconds));

			double decoded = anchored
					? decodeRate(database, anchorSlot, properties.relay().publicationName(), endLsn, backlog)
					: Double.NaN;
			logger.info("pg_recvlogical: {} events/s", String.format("%,.0f", decoded));

			double counted;
			try (CountingEngine counting = CountingEngine.start(dataSource, properties.relay(), countingSlot,
					TestPostgres.APP_USER, TestPostgres.APP_PASSWORD)) {
				// should the probe come again (offsets not flushed at close), the count
				// ends one record early: 1 in the backlog's size
				Awaitility.await("counting " + backlog + " records")
					.atMost(Duration.ofMinutes(10))
					.pollInterval(Duration.ofMillis(20))
					.until(() -> counting.counted() >= backlog);
				counted = backlog / ((counting.lastNanos() - counting.firstNanos()) / 1e9);
			}
			logger.info("Counting engine: {} records/s", String.format("%,.0f", counted));

			long before = endOffsets(offsets, topic);
			relay.start();
			double published = drainRate(offsets, topic, before, backlog);
			logger.info("Relay into Kafka: {} events/s", String.format("%,.0f", published));
			return new Result(published, counted, decoded, writeSeconds, warmup);
		}
		finally {
			for (String slot : List.of(countingSlot, anchorSlot)) {
				Awaitility.await("dropping slot " + slot)
					.atMost(Duration.ofSeconds(30))
					.ignoreExceptions()
					.until(() -> JdbcClient.create(asRelay)
						.sql("select count(pg_drop_replication_slot(slot_name)) from pg_replication_slots "
								+ "where slot_name = ? and not active")
						.param(slot)
						.query(Long.class)
						.single() >= 0);
			}
		}
	}

	/**
	 * PostgreSQL's own logical decoding of the backlog (pgoutput, the relay's
	 * publication) into /dev/null, from the slot made before the backlog to the WAL
	 * position after it: events a second, including pg_recvlogical's connection.
	 */
	private static double decodeRate(TestDatabase database, String slot, String publication, String endLsn, int backlog)
			throws IOException, InterruptedException {
		ProcessBuilder builder = new ProcessBuilder(PG_RECVLOGICAL.toString(), "--host", TestPostgres.HOST, "--port",
				Integer.toString(TestPostgres.PORT), "--username", TestPostgres.RELAY_USER, "--dbname", database.name(),
				"--slot", slot, "--start", "--no-loop", "--endpos", endLsn, "--file", "/dev/null", "--option",
				"proto_version=1", "--option", "publication_names=" + publication)
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.DISCARD);
		builder.environment().put("PGPASSWORD", TestPostgres.RELAY_PASSWORD);
		long started = System.nanoTime();
		Process process = builder.start();
		if (!process.waitFor(10, TimeUnit.MINUTES)) {
			process.destroyForcibly();
			throw new IllegalStateException("pg_recvlogical did not reach " + endLsn + " within 10 minutes");
		}
		double seconds = (System.nanoTime() - started) / 1e9;
		if (process.exitValue() != 0) {
			throw new IllegalStateException("pg_recvlogical exited with " + process.exitValue());
		}
		return backlog / seconds;
	}

	/** Runs {@code write} and waits until the relay has published what it wrote. */
	private static void awaitPublished(KafkaConsumer<byte[], byte[]> offsets, String topic, Runnable write) {
		long before = endOffsets(offsets, topic);
		write.run();
		Awaitility.await("the relay publishing a probe event")
			.atMost(Duration.ofMinutes(2))
			.pollInterval(Duration.ofMillis(20))
			.until(() -> endOffsets(offsets, topic) > before);
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

	private static KafkaConsumer<byte[], byte[]> offsetReader(String bootstrapServers) {
		return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
				ConsumerConfig.GROUP_ID_CONFIG, "bench-" + UUID.randomUUID()), new ByteArrayDeserializer(),
				new ByteArrayDeserializer());
	}

	private static long endOffsets(KafkaConsumer<byte[], byte[]> consumer, String topic) {
		List<TopicPartition> partitions = IntStream.range(0, consumer.partitionsFor(topic).size())
			.mapToObj((p) -> new TopicPartition(topic, p))
			.toList();
		return consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
	}

	/**
	 * Records a second from the first on the topic after {@code before} to the
	 * {@code count}th.
	 */
	private static double drainRate(KafkaConsumer<byte[], byte[]> consumer, String topic, long before, int count) {
		long[] first = { 0 };
		Awaitility.await("relaying " + count + " events")
			.atMost(Duration.ofMinutes(10))
			.pollInterval(Duration.ofMillis(20))
			.until(() -> {
				long total = endOffsets(consumer, topic) - before;
				if (total > 0 && first[0] == 0) {
					first[0] = System.nanoTime();
				}
				return total >= count;
			});
		return count / ((System.nanoTime() - first[0]) / 1e9);
	}

	/**
	 * @param published events a second into Kafka
	 * @param counted records a second the counting engine read
	 * @param decoded events a second pg_recvlogical read; NaN without it
	 * @param writeSeconds how long writing the backlog took
	 * @param warmup the relay's warm-up
	 */
	record Result(double published, double counted, double decoded, double writeSeconds, Warmup.Result warmup) {
	}

}
