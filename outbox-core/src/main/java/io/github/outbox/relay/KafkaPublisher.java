package io.github.outbox.relay;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.connect.source.SourceRecord;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.util.backoff.BackOffExecution;

import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;

/**
 * Publishes each batch of outbox changes to Kafka and marks the batch processed only once
 * every event of it is either acknowledged by Kafka or parked: the engine stores no
 * offset past an event that is neither, so a crash repeats events and never drops one.
 * <p>
 * An event Kafka refuses for good ({@link KafkaRefusal}) is parked with its reason
 * ({@link ParkedEvents}), and so is every later event of its aggregate, so that the
 * aggregate keeps its order; the other aggregates flow on. An outage (anything else) is
 * retried without limit, with back-off: the batch's events that are not parked are sent
 * again, in order, and consumers drop the repeats by event id.
 */
final class KafkaPublisher implements DebeziumEngine.ChangeConsumer<RecordChangeEvent<SourceRecord>> {

	private static final Logger logger = LoggerFactory.getLogger(KafkaPublisher.class);

	/**
	 * How long a topic refused as a whole (missing, forbidden) is remembered: its events
	 * are parked at once rather than each batch waiting for a missing topic's metadata
	 * again. A re-driven event is always sent.
	 */
	static final Duration REFUSED_TOPIC_MEMORY = Duration.ofMinutes(1);

	private final Producer<byte[], byte[]> producer;

	private final OutboxRecordMapper mapper;

	private final ParkedEvents parked;

	private final TopicCheck topics;

	private final RelayProperties.Restart backOff;

	private final Runnable onProgress;

	private final RelayStatistics statistics;

	private final Clock clock;

	private final Map<String, Instant> refusedTopicsSince = new HashMap<>();

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition stopped = this.lock.newCondition();

	private volatile boolean stopping;

	KafkaPublisher(Producer<byte[], byte[]> producer, OutboxRecordMapper mapper, ParkedEvents parked, TopicCheck topics,
			RelayProperties.Restart backOff, Runnable onProgress, RelayStatistics statistics, Clock clock) {
		this.producer = producer;
		this.mapper = mapper;
		this.parked = parked;
		this.topics = topics;
		this.backOff = backOff;
		this.onProgress = onProgress;
		this.statistics = statistics;
		this.clock = clock;
	}

	@Override
	public void handleBatch(List<RecordChangeEvent<SourceRecord>> changes,
			DebeziumEngine.RecordCommitter<RecordChangeEvent<SourceRecord>> committer) throws InterruptedException {
		List<RelayedEvent> events = changes.stream()
			.map((change) -> this.mapper.toEvent(change.record()))
			.filter(Objects::nonNull)
			.toList();
		if (!events.isEmpty()) {
			// heartbeats alone are no publication
			List<Acknowledged> acknowledged = deliver(events);
			if (!acknowledged.isEmpty()) {
				Instant now = this.clock.instant();
				this.statistics.recordPublished(acknowledged.size(), acknowledged.stream()
					.filter((ack) -> ack.event().committedAtMillis() > 0)
					.map((ack) -> Duration.ofMillis(Math.max(0, now.toEpochMilli() - ack.event().committedAtMillis())))
					.toList(), acknowledged.get(acknowledged.size() - 1).toAcknowledgedEvent(now));
			}
		}
		for (RecordChangeEvent<SourceRecord> change : changes) {
			committer.markProcessed(change);
		}
		committer.markBatchFinished();
		this.onProgress.run();
	}

	/**
	 * Sends the events until each is acknowledged or parked; returns the acknowledged
	 * ones, in order.
	 */
	private List<Acknowledged> deliver(List<RelayedEvent> events) throws InterruptedException {
		List<RelayedEvent> pending = events;
		BackOffExecution retries = null;
		while (true) {
			if (this.stopping) {
				throw new InterruptedException(
						"The relay is stopping; the unacknowledged batch is published again on the next start");
			}
			Attempt attempt = new Attempt();
			attempt.send(pending);
			if (attempt.outage == null) {
				if (retries != null) {
					logger.info("Kafka acknowledged the batch of {} outbox events after retrying", pending.size());
				}
				this.statistics.recordDelivered();
				return attempt.acknowledged;
			}
			if (retries == null) {
				retries = this.backOff.backOff().start();
			}
			long wait = retries.nextBackOff();
			this.statistics.recordFailure(attempt.outage, this.clock.instant());
			logger.warn("Kafka did not acknowledge a batch of {} outbox events ({}); sending it again in {} ms",
					attempt.unparked.size(), attempt.outage.toString(), wait);
			pending = attempt.unparked;
			awaitStop(wait);
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

	/** Why an event is parked behind an earlier, parked event of its aggregate. */
	private static String waitsBehind(UUID blocker) {
		return "Waits behind parked event " + blocker + " of its aggregate";
	}

	private static @Nullable Throwable failureOf(Future<RecordMetadata> ack) {
		try {
			ack.get();
			return null;
		}
		catch (ExecutionException ex) {
			return ex.getCause();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return ex;
		}
	}

	/** One pass over the pending events of a batch. */
	private final class Attempt {

		/** Events acknowledged by Kafka, in order. */
		final List<Acknowledged> acknowledged = new ArrayList<>();

		/** Events not parked: all of them go again after an outage. */
		final List<RelayedEvent> unparked = new ArrayList<>();

		/** Aggregates blocked in this pass: by which event, from where in the batch. */
		private final Map<RelayedEvent.Aggregate, Block> blocked = new HashMap<>();

		/** Topics refused as a whole in this pass. */
		private final Map<String, KafkaRefusal> refusedTopics = new HashMap<>();

		@Nullable Throwable outage;

		void send(List<RelayedEvent> events) {
			List<Sending> sent = new ArrayList<>(events.size());
			for (int position = 0; position < events.size(); position++) {
				RelayedEvent event = events.get(position);
				if (this.outage != null) {
					this.unparked.add(event);
					continue;
				}
				Block block = this.blocked.get(event.aggregate());
				ParkedEvents.Standing standing = (block != null) ? new ParkedEvents.Standing(block.blocker(), false)
						: KafkaPublisher.this.parked.standingOf(event);
				if (standing.blocker() != null) {
					park(event, position, waitsBehind(standing.blocker()), standing.blocker());
					continue;
				}
				KafkaRefusal topicRefusal = topicRefusal(event, standing.redriven());
				if (topicRefusal != null) {
					park(event, position, topicRefusal.reason(), null);
					continue;
				}
				String tooLarge = KafkaPublisher.this.topics.tooLarge(event, standing.redriven());
				if (tooLarge != null) {
					park(event, position, tooLarge, null);
					continue;
				}
				Future<RecordMetadata> ack = send(event);
				if (ack.isDone()) {
					// refused or failed before anything went out: decide now, so that no
					// later event of its aggregate or topic is sent past it
					Throwable failure = failureOf(ack);
					if (failure != null && !refused(event, position, failure)) {
						this.outage = failure;
						this.unparked.add(event);
					}
					if (failure != null) {
						continue;
					}
				}
				sent.add(new Sending(event, position, ack));
			}
			for (Sending sending : sent) {
				collect(sending);
			}
		}

		private Future<RecordMetadata> send(RelayedEvent event) {
			try {
				return KafkaPublisher.this.producer.send(event.record());
			}
			catch (RuntimeException ex) {
				return CompletableFuture.failedFuture(ex);
			}
		}

		/** Waits for an event's acknowledgement, and parks it when it was refused. */
		private void collect(Sending sending) {
			RelayedEvent event = sending.event();
			Block block = this.blocked.get(event.aggregate());
			Throwable failure = failureOf(sending.ack());
			if (block != null && block.position() < sending.position()) {
				// an earlier event of its aggregate was refused after both were sent
				UUID blocker = block.blocker();
				String reason = (failure != null) ? waitsBehind(blocker) : "Reached Kafka before the earlier event "
						+ blocker + " of its aggregate was refused; sent again after it when re-driven";
				park(event, sending.position(), reason, blocker);
				return;
			}
			if (failure == null) {
				KafkaPublisher.this.parked.published(event);
				this.acknowledged.add(new Acknowledged(event, sending.metadata()));
				this.unparked.add(event);
				return;
			}
			if (!refused(event, sending.position(), failure)) {
				if (this.outage == null) {
					this.outage = failure;
				}
				this.unparked.add(event);
			}
		}

		/** Parks the event if Kafka refused it for good; whether it did. */
		private boolean refused(RelayedEvent event, int position, Throwable failure) {
			KafkaRefusal refusal = this.refusedTopics.get(event.topic());
			if (refusal == null) {
				refusal = KafkaRefusal.of(failure, event.topic(), KafkaPublisher.this.topics::isMissing);
			}
			if (refusal == null) {
				return false;
			}
			if (!refusal.wholeTopic()) {
				KafkaPublisher.this.topics.forgetLimit(event.topic());
			}
			if (refusal.wholeTopic()) {
				this.refusedTopics.put(event.topic(), refusal);
				KafkaPublisher.this.refusedTopicsSince.put(event.topic(), KafkaPublisher.this.clock.instant());
			}
			park(event, position, refusal.reason(), null);
			return true;
		}

		private @Nullable KafkaRefusal topicRefusal(RelayedEvent event, boolean redriven) {
			KafkaRefusal refusal = this.refusedTopics.get(event.topic());
			if (refusal != null || redriven) {
				return refusal;
			}
			Instant refusedAt = KafkaPublisher.this.refusedTopicsSince.get(event.topic());
			if (refusedAt == null) {
				return null;
			}
			if (refusedAt.plus(REFUSED_TOPIC_MEMORY).isBefore(KafkaPublisher.this.clock.instant())) {
				KafkaPublisher.this.refusedTopicsSince.remove(event.topic());
				return null;
			}
			return new KafkaRefusal("Topic " + event.topic() + " was refused at " + refusedAt
					+ "; the relay tries it again from " + refusedAt.plus(REFUSED_TOPIC_MEMORY), true);
		}

		private void park(RelayedEvent event, int position, String reason, @Nullable UUID blockedBy) {
			KafkaPublisher.this.parked.park(event, reason, blockedBy);
			Block block = new Block((blockedBy != null) ? blockedBy : event.eventId(), position);
			this.blocked.merge(event.aggregate(), block,
					(known, next) -> (known.position() <= next.position()) ? known : next);
			KafkaPublisher.this.statistics.recordParked(reason);
			if (blockedBy == null) {
				logger.error("Parked {}: {}. The later events of its aggregate are parked behind it; the other "
						+ "aggregates flow on. Re-drive them once the cause is fixed.", event, reason);
			}
			else {
				logger.warn("Parked {}: {}", event, reason);
			}
		}

	}

	/** The event that blocks an aggregate, and its position in the batch. */
	private record Block(UUID blocker, int position) {
	}

	private record Sending(RelayedEvent event, int position, Future<RecordMetadata> ack) {

		RecordMetadata metadata() {
			try {
				return this.ack.get();
			}
			catch (InterruptedException | ExecutionException ex) {
				throw new IllegalStateException("An acknowledged send has no metadata", ex);
			}
		}

	}

	/** An event Kafka acknowledged, and where it put it. */
	private record Acknowledged(RelayedEvent event, RecordMetadata metadata) {

		AcknowledgedEvent toAcknowledgedEvent(Instant acknowledgedAt) {
			return new AcknowledgedEvent(this.event.eventId(), this.event.aggregateType(), this.event.type(),
					this.metadata.topic(), this.metadata.partition(), this.metadata.offset(),
					(this.event.createdAt() != null) ? OffsetDateTime.parse(this.event.createdAt()).toInstant() : null,
					(this.event.committedAtMillis() > 0) ? Instant.ofEpochMilli(this.event.committedAtMillis()) : null,
					(this.event.walPosition() != null) ? AcknowledgedEvent.walPosition(this.event.walPosition()) : null,
					acknowledgedAt);
		}

	}

}
