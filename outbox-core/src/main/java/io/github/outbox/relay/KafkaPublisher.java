package io.github.outbox.relay;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.connect.source.SourceRecord;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.util.backoff.BackOffExecution;

import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import io.github.outbox.OutboxHeaders;

/**
 * Publishes each batch of outbox changes to Kafka and marks the batch processed only once
 * Kafka acknowledged every record of it: the engine stores no offset past an event Kafka
 * has not taken, so a crash repeats events and never drops one.
 */
final class KafkaPublisher implements DebeziumEngine.ChangeConsumer<RecordChangeEvent<SourceRecord>> {

	private static final Logger logger = LoggerFactory.getLogger(KafkaPublisher.class);

	private final Producer<byte[], byte[]> producer;

	private final OutboxRecordMapper mapper;

	private final RelaySettings.Restart backOff;

	private final Runnable onProgress;

	private final RelayStatistics statistics;

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition stopped = this.lock.newCondition();

	private volatile boolean stopping;

	KafkaPublisher(Producer<byte[], byte[]> producer, OutboxRecordMapper mapper, RelaySettings.Restart backOff,
			Runnable onProgress, RelayStatistics statistics) {
		this.producer = producer;
		this.mapper = mapper;
		this.backOff = backOff;
		this.onProgress = onProgress;
		this.statistics = statistics;
	}

	@Override
	public void handleBatch(List<RecordChangeEvent<SourceRecord>> changes,
			DebeziumEngine.RecordCommitter<RecordChangeEvent<SourceRecord>> committer) throws InterruptedException {
		List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(changes.size());
		List<Long> commitTimes = new ArrayList<>(changes.size());
		SourceRecord lastChange = null;
		for (RecordChangeEvent<SourceRecord> change : changes) {
			ProducerRecord<byte[], byte[]> record = this.mapper.toProducerRecord(change.record());
			if (record != null) {
				records.add(record);
				commitTimes.add(OutboxRecordMapper.commitTimeMillis(change.record()));
				lastChange = change.record();
			}
		}
		RecordMetadata lastAck = publish(records);
		if (lastAck != null && lastChange != null) {
			// heartbeats alone are no publication
			Instant acknowledged = Instant.now();
			this.statistics.recordPublished(records.size(),
					commitTimes.stream()
						.filter((commit) -> commit > 0)
						.map((commit) -> Duration.ofMillis(Math.max(0, acknowledged.toEpochMilli() - commit)))
						.toList(),
					acknowledged(records.get(records.size() - 1), lastAck, lastChange, acknowledged));
		}
		for (RecordChangeEvent<SourceRecord> change : changes) {
			committer.markProcessed(change);
		}
		committer.markBatchFinished();
		this.onProgress.run();
	}

	/**
	 * Sends the batch until Kafka acknowledged all of it. A failed attempt sends the
	 * whole batch again, in order: records that did arrive the first time are repeated,
	 * which consumers drop by event id.
	 */
	private @Nullable RecordMetadata publish(List<ProducerRecord<byte[], byte[]>> records) throws InterruptedException {
		BackOffExecution retries = null;
		while (true) {
			if (this.stopping) {
				throw new InterruptedException(
						"The relay is stopping; the unacknowledged batch is published again " + "on the next start");
			}
			try {
				List<Future<RecordMetadata>> acks = new ArrayList<>(records.size());
				for (ProducerRecord<byte[], byte[]> record : records) {
					acks.add(this.producer.send(record));
				}
				RecordMetadata last = null;
				for (Future<RecordMetadata> ack : acks) {
					last = ack.get();
				}
				if (retries != null) {
					logger.info("Kafka acknowledged the batch of {} outbox events after retrying", records.size());
				}
				return last;
			}
			catch (ExecutionException | RuntimeException ex) {
				if (retries == null) {
					retries = this.backOff.backOff().start();
				}
				long wait = retries.nextBackOff();
				Throwable cause = (ex instanceof ExecutionException) ? ex.getCause() : ex;
				this.statistics.recordFailure(cause);
				logger.warn("Kafka did not acknowledge a batch of {} outbox events ({}); sending it again in {} ms",
						records.size(), cause, wait);
				awaitStop(wait);
			}
		}
	}

	/**
	 * The last record of a batch, once acknowledged, from the headers the mapper wrote.
	 */
	private static AcknowledgedEvent acknowledged(ProducerRecord<byte[], byte[]> record, RecordMetadata ack,
			SourceRecord change, Instant acknowledgedAt) {
		String createdAt = header(record, OutboxHeaders.OCCURRED_AT);
		long committedAt = OutboxRecordMapper.commitTimeMillis(change);
		Long walPosition = OutboxRecordMapper.walPosition(change);
		return new AcknowledgedEvent(UUID.fromString(header(record, OutboxHeaders.EVENT_ID)),
				header(record, OutboxHeaders.AGGREGATE_TYPE), header(record, OutboxHeaders.EVENT_TYPE), ack.topic(),
				ack.partition(), ack.offset(), (createdAt != null) ? OffsetDateTime.parse(createdAt).toInstant() : null,
				(committedAt > 0) ? Instant.ofEpochMilli(committedAt) : null,
				(walPosition != null) ? AcknowledgedEvent.walPosition(walPosition) : null, acknowledgedAt);
	}

	private static @Nullable String header(ProducerRecord<byte[], byte[]> record, String name) {
		Header header = record.headers().lastHeader(name);
		return (header != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
	}

	void stop() {
		this.lock.lock();
		try {
			this.stopping = true;
			this.stopped.signalAll();
		}
		finally {
			this.lock.unlock();
		}
	}

	private void awaitStop(long millis) throws InterruptedException {
		this.lock.lock();
		try {
			long nanos = TimeUnit.MILLISECONDS.toNanos(millis);
			while (!this.stopping && nanos > 0) {
				nanos = this.stopped.awaitNanos(nanos);
			}
		}
		finally {
			this.lock.unlock();
		}
	}

}
