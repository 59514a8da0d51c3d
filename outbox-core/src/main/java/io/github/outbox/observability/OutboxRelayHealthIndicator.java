package io.github.outbox.observability;

import java.time.Duration;
import java.time.Instant;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

import io.github.outbox.relay.OutboxRelay;
import io.github.outbox.relay.RelayState;
import io.github.outbox.relay.RelayStatistics;

/**
 * The relay's health ({@code /actuator/health/outboxRelay}): {@code UP} while this
 * instance streams or stands by for another, {@code DOWN} while its engine restarts after
 * a failure, {@code OUT_OF_SERVICE} once stopped. The details say which, and show the
 * replication slot (active, WAL retained) and the last publication.
 */
public class OutboxRelayHealthIndicator implements HealthIndicator {

	private final OutboxRelay relay;

	public OutboxRelayHealthIndicator(OutboxRelay relay) {
		this.relay = relay;
	}

	@Override
	public Health health() {
		RelayState state = this.relay.state();
		Health.Builder health = switch (state) {
			case STREAMING, STANDBY -> Health.up();
			case RESTARTING -> Health.down();
			case STOPPED -> Health.status(Status.OUT_OF_SERVICE);
		};
		health.withDetail("state", state).withDetail("slot", this.relay.slotName());
		this.relay.slot()
			.ifPresent((slot) -> health.withDetail("slotActive", slot.active())
				.withDetail("retainedWalBytes", slot.retainedWalBytes()));
		RelayStatistics statistics = this.relay.statistics();
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
