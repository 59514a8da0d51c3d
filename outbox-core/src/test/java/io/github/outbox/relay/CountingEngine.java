package io.github.outbox.relay;

import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import org.apache.kafka.connect.source.SourceRecord;

import io.debezium.embedded.Connect;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import io.debezium.engine.format.ChangeEventFormat;

/**
 * The relay's Debezium engine, with the relay's own engine properties, whose consumer
 * merely counts the outbox records instead of publishing them: the benchmark's measure of
 * what reading the WAL costs without Kafka. It streams from a slot of its own.
 */
public final class CountingEngine implements AutoCloseable {

	private final DebeziumEngine<RecordChangeEvent<SourceRecord>> engine;

	private final ExecutorService thread = Executors.newSingleThreadExecutor();

	private final AtomicLong counted = new AtomicLong();

	private volatile long firstNanos;

	private volatile long lastNanos;

	private CountingEngine(RelayProperties settings, ReplicationTarget target) {
		Properties properties = EngineProperties.of(settings, target, "public");
		// the engine's metrics need a name the relay's engine does not use
		properties.setProperty("topic.prefix", "outbox-counting");
		this.engine = DebeziumEngine.create(ChangeEventFormat.of(Connect.class))
			.using(properties)
			.notifying(this::count)
			.build();
	}

	/**
	 * Starts an engine like the relay's of {@code relaySettings}, on slot
	 * {@code slotName}, streaming only what is written after the slot was first made.
	 */
	public static CountingEngine start(DataSource dataSource, RelayProperties relay, String slotName,
			String fallbackUsername, String fallbackPassword) {
		RelayProperties settings = new RelayProperties(true, relay.topicPrefix(), relay.topics(), slotName,
				relay.publicationName(), relay.username(), relay.password(), relay.pollInterval(), relay.maxBatchSize(),
				RelayProperties.SnapshotMode.NO_DATA, relay.heartbeatInterval(), relay.leaderCheckInterval(),
				relay.kafka(), relay.restart(), relay.debezium());
		CountingEngine counting = new CountingEngine(settings,
				ReplicationTarget.of(dataSource, settings, fallbackUsername, fallbackPassword));
		counting.thread.execute(counting.engine);
		return counting;
	}

	private void count(List<RecordChangeEvent<SourceRecord>> changes,
			DebeziumEngine.RecordCommitter<RecordChangeEvent<SourceRecord>> committer) throws InterruptedException {
		long outboxRecords = 0;
		for (RecordChangeEvent<SourceRecord> change : changes) {
			if (change.record().topic().endsWith("outbox_event")) {
				outboxRecords++;
			}
			committer.markProcessed(change);
		}
		committer.markBatchFinished();
		if (outboxRecords > 0) {
			long now = System.nanoTime();
			if (this.counted.get() == 0) {
				this.firstNanos = now;
			}
			this.counted.addAndGet(outboxRecords);
			this.lastNanos = now;
		}
	}

	/** Outbox records counted so far. */
	public long counted() {
		return this.counted.get();
	}

	/** When the first batch with outbox records was counted, on nanoTime's clock. */
	public long firstNanos() {
		return this.firstNanos;
	}

	/** When the last batch with outbox records was counted, on nanoTime's clock. */
	public long lastNanos() {
		return this.lastNanos;
	}

	@Override
	public void close() throws Exception {
		this.engine.close();
		this.thread.shutdown();
		this.thread.awaitTermination(30, TimeUnit.SECONDS);
	}

}
