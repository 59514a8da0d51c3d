package io.github.outbox.observability;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;

import io.github.outbox.OutboxHeaders;
import io.github.outbox.relay.OutboxRelay;
import io.github.outbox.relay.RelayState;
import io.github.outbox.testsupport.RelayInstances;
import io.github.outbox.testsupport.TopicReader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What operators see: the health of a streaming and of a standby instance, and the
 * relay's metrics, on real PostgreSQL and Kafka.
 */
class RelayObservabilityIntegrationTests {

	private RelayInstances instances;

	@BeforeEach
	void start() {
		this.instances = RelayInstances.of(ObservedApplication.class, "observe_it");
	}

	@AfterEach
	void stop() {
		this.instances.close();
	}

	@Test
	void healthAndMetricsShowTheLeaderStreamingAndTheStandbyWaiting() {
		ConfigurableApplicationContext leader = this.instances.start();
		await().atMost(Duration.ofSeconds(15)).until(() -> relay(leader).state() == RelayState.STREAMING);
		MeterRegistry metrics = new SimpleMeterRegistry();
		leader.getBean(OutboxRelayMetrics.class).bindTo(metrics);
		ConfigurableApplicationContext standby = this.instances.start();

		List<UUID> written = RelayInstances.publish(leader, "Invoice", 25);
		try (TopicReader topic = new TopicReader(this.instances.kafka().bootstrapServers(),
				Pattern.compile("outbox\\.event\\.Invoice"))) {
			await().atMost(Duration.ofSeconds(30))
				.until(() -> topic.poll()
					.stream()
					.map((record) -> UUID.fromString(TopicReader.header(record, OutboxHeaders.EVENT_ID)))
					.toList()
					.containsAll(written));
		}
		await().atMost(Duration.ofSeconds(10))
			.until(() -> metrics.get("outbox.relay.events.published").functionCounter().count() >= 25);

		Health leading = health(leader);
		assertThat(leading.getStatus()).isEqualTo(Status.UP);
		assertThat(leading.getDetails()).containsEntry("state", RelayState.STREAMING)
			.containsEntry("slot", this.instances.database().slotName())
			.containsEntry("slotActive", true)
			.containsKeys("retainedWalBytes", "lastPublishedAt", "lastCommitToAckMillis");
		assertThat((long) leading.getDetails().get("eventsPublished")).isGreaterThanOrEqualTo(25);

		Health standing = health(standby);
		assertThat(standing.getStatus()).isEqualTo(Status.UP);
		assertThat(standing.getDetails()).containsEntry("state", RelayState.STANDBY)
			.containsEntry("eventsPublished", 0L);

		Timer lag = metrics.get("outbox.relay.commit.to.ack").tag("slot", this.instances.database().slotName()).timer();
		assertThat(lag.count()).isGreaterThanOrEqualTo(25);
		assertThat(lag.max(TimeUnit.SECONDS)).isLessThan(30);
		assertThat(metrics.get("outbox.relay.leader").gauge().value()).isEqualTo(1.0);
		assertThat(metrics.get("outbox.relay.slot.retained.wal").gauge().value()).isGreaterThanOrEqualTo(0.0);
		assertThat(metrics.get("outbox.relay.publish.failures").functionCounter().count()).isZero();

		OutboxRelay leaderRelay = relay(leader);
		this.instances.stop(leader);
		assertThat(leaderRelay.state()).isEqualTo(RelayState.STOPPED);
		await().atMost(Duration.ofSeconds(15)).until(() -> relay(standby).state() == RelayState.STREAMING);
		assertThat(health(standby).getDetails()).containsEntry("state", RelayState.STREAMING);
	}

	private static OutboxRelay relay(ConfigurableApplicationContext instance) {
		return instance.getBean(OutboxRelay.class);
	}

	private static Health health(ConfigurableApplicationContext instance) {
		return instance.getBean(OutboxRelayHealthIndicator.class).health();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class ObservedApplication {

	}

}
