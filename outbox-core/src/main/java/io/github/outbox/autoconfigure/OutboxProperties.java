package io.github.outbox.autoconfigure;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import io.github.outbox.relay.RelayProperties;

/**
 * Settings of the outbox, bound from {@code outbox.*}.
 *
 * @param enabled whether events are stored and relayed; off, they are kept in memory (a
 * {@link io.github.outbox.RecordingOutbox}), as where the DataSource is not PostgreSQL
 * @param schema the outbox tables
 * @param retention how long a row stays in the outbox table after it was written
 * @param cleanupInterval how often rows past their retention are deleted
 * @param maxPayloadSize largest JSON payload accepted; Kafka's default limit is 1 MB
 * @param relay the relay to Kafka
 * @param replay publishing events again
 */
@ConfigurationProperties("outbox")
public record OutboxProperties(@DefaultValue("true") boolean enabled, @DefaultValue Schema schema,
		@DefaultValue("7d") Duration retention, @DefaultValue("1h") Duration cleanupInterval,
		@DefaultValue("512KB") DataSize maxPayloadSize,
		@NestedConfigurationProperty @DefaultValue RelayProperties relay, @DefaultValue Replay replay) {

	public OutboxProperties {
		RelayProperties.requirePositive("outbox.retention", retention);
		RelayProperties.requirePositive("outbox.cleanup-interval", cleanupInterval);
		if (maxPayloadSize.toBytes() < 1 || maxPayloadSize.toBytes() > Integer.MAX_VALUE) {
			throw new IllegalArgumentException("outbox.max-payload-size must be between 1B and 2GB");
		}
	}

	/**
	 * The outbox tables.
	 *
	 * @param migrate whether to create and upgrade them at start-up (with Flyway, history
	 * in {@code outbox_schema_history}); off when a DBA applies the scripts
	 */
	public record Schema(@DefaultValue("true") boolean migrate) {
	}

	/**
	 * Publishing events again.
	 *
	 * @param maxEvents the most events one replay may write, in one transaction; a larger
	 * one is refused
	 */
	public record Replay(@DefaultValue("10000") int maxEvents) {

		public Replay {
			if (maxEvents < 1) {
				throw new IllegalArgumentException("outbox.replay.max-events must be at least 1, was " + maxEvents);
			}
		}

	}

}
