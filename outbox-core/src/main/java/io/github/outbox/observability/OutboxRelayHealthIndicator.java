package io.github.outbox.observability;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

import io.github.outbox.relay.OutboxRelay;
import io.github.outbox.relay.ParkedSummary;
import io.github.outbox.relay.RelayInspector;
import io.github.outbox.relay.RelayState;
import io.github.outbox.relay.RelayStatistics;

/**
 * The relay's health ({@code /actuator/health/outboxRelay}): {@code UP} while this
 * instance streams or stands by for another, {@code DOWN} while its engine restarts after
 * a failure, {@code OUT_OF_SERVICE} once stopped. Two statuses of its own tell an
 * operator that events wait: {@link #STALLED} while Kafka has not acknowledged a batch
 * for longer than the producer's delivery time-out (an outage: retried without limit),
 * and {@link #PARKED} while events are parked (Kafka refused them for good: they wait for
 * a re-drive). Neither is in Spring Boot's default status order, so neither turns the
 * application's aggregate health or its probes: restarting the application would fix
 * neither. The details say which, and show the replication slot (active, WAL retained),
 * the last publication and the parked events.
 */
public class OutboxRelayHealthIndicator implements HealthIndicator {

	/** Kafka has not acknowledged a batch for longer than the delivery time-out. */
	public static final Status STALLED = new Status("STALLED",
			"Kafka has not acknowledged a batch for longer than outbox.relay.kafka.delivery-timeout");

	/** Events are parked, waiting for a re-drive. */
	public static final Status PARKED = new Status("PARKED",
			"Kafka refused events for good; they and the later events of their aggregates wait for a re-drive");

	private final OutboxRelay relay;

	private final RelayInspector inspector;

	private final Duration stalledAfter;

	private final Clock clock;

	/**
	 * @param relay the relay
	 * @param stalledAfter how long a batch may go unacknowledged before the relay is
	 * {@link #STALLED}
	 * @param clock the clock that says how long
	 */
	public OutboxRelayHealthIndicator(OutboxRelay relay, Duration stalledAfter, Clock clock) {
		this.relay = relay;
		this.inspector = new RelayInspector(relay);
		this.stalledAfter = stalledAfter;
		this.clock = clock;
	}

	@Override
	public Health health() {
		RelayState state = this.relay.state();
		RelayStatistics statistics = this.relay.statistics();
		ParkedSummary parked = this.inspector.parked();
		Instant retryingSince = statistics.retryingSince();
		boolean stalled = retryingSince != null && retryingSince.plus(this.stalledAfter).isBefore(this.clock.instant());
		Health.Builder health = switch (state) {
			case STREAMING ->
				stalled ? Health.status(STALLED) : (parked.count() > 0) ? Health.status(PARKED) : Health.up();
			case STANDBY -> (parked.count() > 0) ? Health.status(PARKED) : Health.up();
			case RESTARTING -> Health.down();
			case STOPPED -> Health.status(Status.OUT_OF_SERVICE);
		};
		health.withDetail("state", state).withDetail("slot", this.relay.slotName());
		health.withDetail("parkedEvents", parked.count());
		if (parked.oldestParkedAt() != null) {
			health.withDetail("oldestParkedAt", parked.oldestParkedAt().toString());
		}
		if (parked.firstReason() != null) {
			health.withDetail("parkedReason", parked.firstReason());
		}
		if (retryingSince != null) {
			health.withDetail("retryingSince", retryingSince.toString());
		}
		this.inspector.slot()
			.ifPresent((slot) -> health.withDetail("slotActive", slot.active())
				.withDetail("retainedWalBytes", slot.retainedWalBytes()));
		health.withDetail("eventsPublished", statistics.published());
		Instant lastPublishedAt = statistics.lastPublishedAt();
		if (lastPublishedAt != null) {
			health.withDetail("lastPublishedAt", lastPublishedAt.toString());
		}
		Duration lag = statistics.lastCommitToAck();
		if (lag != null) {
			health.withDetail("lastCommitToAckMillis", lag.toMillis());
		}
		String failure = statistics.lastFailure();
		if (failure != null) {
			health.withDetail("lastFailure", failure);
		}
		return health.build();
	}

}
