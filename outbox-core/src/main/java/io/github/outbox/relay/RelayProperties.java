package io.github.outbox.relay;

import java.time.Duration;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * Settings of the relay, bound from {@code outbox.relay.*} as part of
 * {@code OutboxProperties}. It lives in the relay's package, not in
 * {@code autoconfigure}, because the relay reads it through package-private methods.
 *
 * @param enabled whether this application runs the relay
 * @param topicPrefix topic of an event when {@code topics} names none: this prefix
 * followed by the aggregate type
 * @param topics topic per aggregate type, overriding the prefix rule
 * @param slotName logical replication slot; unique per database cluster
 * @param publicationName publication on the outbox table, created by the outbox schema
 * migration
 * @param username role the relay streams with; needs REPLICATION (not superuser).
 * Defaults to the DataSource's user
 * @param password password of that role. Defaults to the DataSource's password
 * @param pollInterval how long the engine waits for new changes before it polls again
 * @param maxBatchSize most changes handed to Kafka at once
 * @param snapshotMode what happens on the very first start, when no offset is stored
 * @param heartbeatInterval how often the relay confirms its position while the outbox is
 * quiet, so that the slot does not pin WAL
 * @param leaderCheckInterval how often a standby instance tries to take over, and the
 * leader checks it still holds its lock
 * @param kafka the Kafka producer
 * @param restart how the relay restarts itself after a failure
 * @param debezium further Debezium engine properties, passed as they are
 */
public record RelayProperties(@DefaultValue("true") boolean enabled, @DefaultValue("outbox.event.") String topicPrefix,
		@DefaultValue Map<String, String> topics, @DefaultValue("outbox_slot") String slotName,
		@DefaultValue("outbox_publication") String publicationName, @Nullable String username,
		@Nullable String password, @DefaultValue("10ms") Duration pollInterval, @DefaultValue("2048") int maxBatchSize,
		@DefaultValue("initial") SnapshotMode snapshotMode, @DefaultValue("10s") Duration heartbeatInterval,
		@DefaultValue("2s") Duration leaderCheckInterval, @DefaultValue Kafka kafka, @DefaultValue Restart restart,
		@DefaultValue Map<String, String> debezium) {

	public RelayProperties {
		requirePositive("outbox.relay.poll-interval", pollInterval);
		requirePositive("outbox.relay.heartbeat-interval", heartbeatInterval);
		requirePositive("outbox.relay.leader-check-interval", leaderCheckInterval);
		if (maxBatchSize < 1) {
			throw new IllegalArgumentException("outbox.relay.max-batch-size must be at least 1, was " + maxBatchSize);
		}
		if (!slotName.matches("[a-z0-9_]{1,63}")) {
			throw new IllegalArgumentException("outbox.relay.slot-name '" + slotName
					+ "' must be 1 to 63 characters of lower-case letters, digits and underscores");
		}
		topics = Map.copyOf(topics);
		debezium = Map.copyOf(debezium);
	}

	/** Topic of the events of an aggregate type. */
	String topicFor(String aggregateType) {
		return this.topics.getOrDefault(aggregateType, this.topicPrefix + aggregateType);
	}

	/**
	 * A duration as an operator reads it: {@code 15 s}, {@code 2 min}, {@code 500 ms}.
	 */
	static String human(Duration duration) {
		if (duration.toMillis() % 1000 != 0 || duration.isZero()) {
			return duration.toMillis() + " ms";
		}
		long seconds = duration.toSeconds();
		if (seconds % 3600 == 0) {
			return (seconds / 3600) + " h";
		}
		return (seconds % 60 == 0) ? (seconds / 60) + " min" : seconds + " s";
	}

	/**
	 * Refuses a duration setting that is zero or negative; the outbox's own settings
	 * ({@code outbox.retention}, {@code outbox.cleanup-interval}) are checked here too.
	 * @param name the setting, as the application names it
	 * @param value its bound value
	 */
	public static void requirePositive(String name, Duration value) {
		if (value.isNegative() || value.isZero()) {
			throw new IllegalArgumentException(name + " must be positive, was " + value);
		}
	}

	/** What the relay does when it starts with no stored offset. */
	public enum SnapshotMode {

		/**
		 * Publish every row already in the outbox table, then stream. Events written
		 * before the relay first ran are published too.
		 */
		INITIAL,

		/**
		 * Stream only changes from now on; rows already in the table are not published.
		 */
		NO_DATA;

		String debeziumName() {
			return name().toLowerCase(java.util.Locale.ROOT);
		}

	}

	/**
	 * The Kafka producer.
	 *
	 * @param bootstrapServers defaults to the application's Kafka connection details
	 * ({@code spring.kafka.bootstrap-servers}, or a {@code @ServiceConnection}), then
	 * {@code localhost:9092}
	 * @param deliveryTimeout how long one send may take, retries included, before the
	 * relay retries the whole batch
	 * @param metadataWait how long a send waits for its topic's metadata (the producer's
	 * {@code max.block.ms}); then the relay asks the cluster whether the topic exists,
	 * and parks the event if it does not
	 * @param startupTimeout how long start-up waits for the cluster to answer
	 * @param properties further producer properties, for example security settings
	 */
	public record Kafka(@Nullable String bootstrapServers, @DefaultValue("2m") Duration deliveryTimeout,
			@DefaultValue("10s") Duration metadataWait, @DefaultValue("15s") Duration startupTimeout,
			@DefaultValue Map<String, String> properties) {

		public Kafka {
			requirePositive("outbox.relay.kafka.delivery-timeout", deliveryTimeout);
			requirePositive("outbox.relay.kafka.metadata-wait", metadataWait);
			requirePositive("outbox.relay.kafka.startup-timeout", startupTimeout);
			properties = Map.copyOf(properties);
		}

	}

	/**
	 * Back-off between restarts of a failed engine, and between retries of a batch Kafka
	 * did not take.
	 *
	 * @param initialBackoff the first wait
	 * @param maxBackoff the longest wait
	 */
	public record Restart(@DefaultValue("500ms") Duration initialBackoff, @DefaultValue("30s") Duration maxBackoff) {

		public Restart {
			requirePositive("outbox.relay.restart.initial-backoff", initialBackoff);
			requirePositive("outbox.relay.restart.max-backoff", maxBackoff);
		}

		ExponentialBackOff backOff() {
			ExponentialBackOff exponential = new ExponentialBackOff(this.initialBackoff.toMillis(), 2.0);
			exponential.setMaxInterval(this.maxBackoff.toMillis());
			return exponential;
		}

	}

}
