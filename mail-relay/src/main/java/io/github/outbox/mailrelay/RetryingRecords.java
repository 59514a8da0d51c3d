package io.github.outbox.mailrelay;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.kafka.listener.RecordInterceptor;
import org.springframework.kafka.listener.RetryListener;
import org.springframework.stereotype.Component;

/**
 * The records whose handling is failing and being retried right now, one at most per
 * group and partition (a failing record holds back its partition), and the metrics of
 * retries and dead letters. Fed by the error handler's retry callbacks
 * ({@link FailureHandling}); a record leaves when it is handled, dead-lettered, or its
 * partition is revoked.
 * <p>
 * Metrics, each tagged with the consumer {@code group}:
 * {@code mail_relay.records.retried} (counter, also by {@code topic}: failed attempts
 * that will be retried), {@code mail_relay.records.dead_lettered} (counter, also by
 * {@code topic}), {@code mail_relay.records.retrying} (gauge: records being retried) and
 * {@code mail_relay.records.retrying.oldest} (gauge, seconds: how long the record that
 * has been failing the longest has been failing; 0 when none).
 */
@Component
class RetryingRecords implements RetryListener, RecordInterceptor<Object, Object> {

	private final Map<Key, RetryingRecord> retrying = new ConcurrentHashMap<>();

	private final MeterRegistry meters;

	private final Clock clock;

	RetryingRecords(MeterRegistry meters, KafkaProperties kafkaProperties) {
		this.meters = meters;
		this.clock = Clock.systemUTC();
		String mailGroup = kafkaProperties.getConsumer().getGroupId();
		if (mailGroup != null) {
			registerGauges(mailGroup);
		}
	}

	/** A record being retried, since its first failed attempt. */
	record RetryingRecord(String group, String origin, String eventId, String reason, Instant since, int attempts) {

		Duration failingFor(Instant now) {
			return Duration.between(this.since, now);
		}

	}

	private record Key(String group, TopicPartition partition) {
	}

	/** The records being retried now, the longest failing first. */
	List<RetryingRecord> now() {
		return this.retrying.values().stream().sorted(Comparator.comparing(RetryingRecord::since)).toList();
	}

	Instant clockNow() {
		return this.clock.instant();
	}

	@Override
	public void failedDelivery(ConsumerRecord<?, ?> record, Exception ex, int deliveryAttempt) {
		if (FailureHandling.classify(ex) == FailureHandling.Kind.PERMANENT) {
			return; // dead-lettered right away, never retried
		}
		String group = groupOf(ex);
		registerGauges(group);
		Counter.builder("mail_relay.records.retried")
			.description("Failed attempts to handle a record that will be retried")
			.tag("group", group)
			.tag("topic", record.topic())
			.register(this.meters)
			.increment();
		String origin = ReceivedEvent.origin(record);
		this.retrying.compute(new Key(group, new TopicPartition(record.topic(), record.partition())),
				(key, earlier) -> new RetryingRecord(group, origin, FailureHandling.eventId(record),
						FailureHandling.reason(ex),
						(earlier != null && earlier.origin().equals(origin)) ? earlier.since() : this.clock.instant(),
						deliveryAttempt));
	}

	@Override
	public void recovered(ConsumerRecord<?, ?> record, Exception ex) {
		String group = groupOf(ex);
		Counter.builder("mail_relay.records.dead_lettered")
			.description("Records sent to a dead-letter topic")
			.tag("group", group)
			.tag("topic", record.topic())
			.register(this.meters)
			.increment();
		forget(group, record);
	}

	@Override
	public ConsumerRecord<Object, Object> intercept(ConsumerRecord<Object, Object> record,
			Consumer<Object, Object> consumer) {
		return record;
	}

	@Override
	public void success(ConsumerRecord<Object, Object> record, Consumer<Object, Object> consumer) {
		forget(consumer.groupMetadata().groupId(), record);
	}

	/** Forgets the records of partitions this instance no longer reads. */
	void revoked(String group, Collection<TopicPartition> partitions) {
		partitions.forEach((partition) -> this.retrying.remove(new Key(group, partition)));
	}

	private void forget(String group, ConsumerRecord<?, ?> record) {
		this.retrying.remove(new Key(group, new TopicPartition(record.topic(), record.partition())));
	}

	private void registerGauges(String group) {
		Gauge.builder("mail_relay.records.retrying", this, (records) -> records.count(group))
			.description("Records being retried now")
			.tag("group", group)
			.register(this.meters);
		Gauge.builder("mail_relay.records.retrying.oldest", this, (records) -> records.oldestSeconds(group))
			.description("How long the record failing the longest has been failing")
			.baseUnit("seconds")
			.tag("group", group)
			.register(this.meters);
	}

	private double count(String group) {
		return this.retrying.keySet().stream().filter((key) -> key.group().equals(group)).count();
	}

	private double oldestSeconds(String group) {
		Instant now = this.clock.instant();
		return this.retrying.values()
			.stream()
			.filter((record) -> record.group().equals(group))
			.mapToDouble((record) -> record.failingFor(now).toMillis() / 1000.0)
			.max()
			.orElse(0);
	}

	private static String groupOf(Exception failure) {
		return Objects.requireNonNullElse(FailureHandling.groupOf(failure), "unknown");
	}

}
