package io.github.outbox.observability;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;

import io.github.outbox.relay.OutboxRelay;
import io.github.outbox.relay.RelayInspector;
import io.github.outbox.relay.RelayStatistics;
import io.github.outbox.relay.SlotStatus;

/**
 * The relay's metrics, tagged with the slot:
 * <ul>
 * <li>{@code outbox.relay.events.published}: events Kafka acknowledged (repeats after a
 * crash count again)</li>
 * <li>{@code outbox.relay.publish.failures}: batch attempts Kafka did not
 * acknowledge</li>
 * <li>{@code outbox.relay.commit.to.ack}: from an event's commit to Kafka's
 * acknowledgement</li>
 * <li>{@code outbox.relay.leader}: 1 while this instance leads, else 0</li>
 * <li>{@code outbox.relay.events.parked}: events this instance parked (Kafka refused them
 * for good, or an earlier event of their aggregate)</li>
 * <li>{@code outbox.relay.parked}: events parked in the database now, read when the gauge
 * is read</li>
 * <li>{@code outbox.relay.retrying}: seconds since the relay began retrying a batch Kafka
 * does not acknowledge; 0 while batches go through</li>
 * <li>{@code outbox.relay.slot.retained.wal}: bytes of WAL PostgreSQL keeps for the slot,
 * read from {@code pg_replication_slots} when the gauge is read; -1 while there is no
 * slot</li>
 * </ul>
 */
public class OutboxRelayMetrics implements MeterBinder {

	private final OutboxRelay relay;

	/** Held here: a gauge keeps only a weak reference to what it reads. */
	private final RelayInspector inspector;

	public OutboxRelayMetrics(OutboxRelay relay) {
		this.relay = relay;
		this.inspector = new RelayInspector(relay);
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		Tags tags = Tags.of("slot", this.relay.slotName());
		RelayStatistics statistics = this.relay.statistics();
		FunctionCounter.builder("outbox.relay.events.published", statistics, RelayStatistics::published)
			.description("Outbox events Kafka acknowledged")
			.tags(tags)
			.register(registry);
		FunctionCounter.builder("outbox.relay.publish.failures", statistics, RelayStatistics::failedAttempts)
			.description("Attempts to publish a batch that Kafka did not acknowledge")
			.tags(tags)
			.register(registry);
		Timer lag = Timer.builder("outbox.relay.commit.to.ack")
			.description("Time from an outbox event's commit to Kafka's acknowledgement")
			.tags(tags)
			.register(registry);
		statistics.onCommitToAck((duration) -> lag.record(duration.toNanos(), TimeUnit.NANOSECONDS));
		FunctionCounter.builder("outbox.relay.events.parked", statistics, RelayStatistics::parked)
			.description("Outbox events this instance parked because Kafka refused them or an earlier event of "
					+ "their aggregate")
			.tags(tags)
			.register(registry);
		Gauge.builder("outbox.relay.parked", this.inspector, (inspector) -> inspector.parked().count())
			.description("Outbox events parked in the database, waiting for a re-drive")
			.tags(tags)
			.register(registry);
		Gauge.builder("outbox.relay.retrying", statistics, (stats) -> {
			Instant since = stats.retryingSince();
			return (since != null) ? Duration.between(since, Instant.now()).toMillis() / 1000.0 : 0;
		})
			.description("Seconds the relay has been retrying a batch Kafka does not acknowledge")
			.baseUnit("seconds")
			.tags(tags)
			.register(registry);
		Gauge.builder("outbox.relay.leader", this.relay, (relay) -> relay.isLeader() ? 1 : 0)
			.description("1 while this instance leads the relay")
			.tags(tags)
			.register(registry);
		Gauge
			.builder("outbox.relay.slot.retained.wal", this.inspector,
					(inspector) -> inspector.slot().map(SlotStatus::retainedWalBytes).orElse(-1L))
			.description("WAL PostgreSQL retains for the relay's replication slot")
			.baseUnit("bytes")
			.tags(tags)
			.register(registry);
	}

}
