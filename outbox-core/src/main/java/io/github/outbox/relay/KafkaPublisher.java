package io.github.outbox.relay;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.util.backoff.BackOffExecution;

import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;

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
		for (RecordChangeEvent<SourceRecord> change : changes) {
			ProducerRecord<byte[], byte[]> record = this.mapper.toProducerRecord(change.record());
			if (record != null) {
				records.add(record);
				commitTimes.add(OutboxRecordMapper.commitTimeMillis(change.record()));
			}
		}
		publish(records);
		if (!records.isEmpty()) {
			// heartbeats alone are no publication
			Instant acknowledged = Instant.now();
			this.statistics.recordPublished(records.size(),
					commitTimes.stream()
						.filter((commit) -> commit > 0)
						.map((commit) -> Duration.ofMillis(Math.max(0, acknowledged.toEpochMilli() - commit)))
						.toList(),
					acknowledged);
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
	private void publish(List<ProducerRecord<byte[], byte[]>> records) throws InterruptedException {
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
				for (Future<RecordMetadata> ack : acks) {
					ack.get();
				}
				if (retries != null) {
					logger.info("Kafka acknowledged the batch of {} outbox events after retrying", records.size());
				}
				return;
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
