package io.github.outbox.relay;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.github.outbox.OutboxHeaders;
import io.github.outbox.testsupport.RelayInstances;
import io.github.outbox.testsupport.TopicReader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two instances of one application on one database: one relay streams, the other stands
 * by and takes over when the leader stops.
 */
class RelayLeadershipIntegrationTests {

	private RelayInstances instances;

	@BeforeEach
	void start() {
		this.instances = RelayInstances.of(LeadershipTestApplication.class, "leader_it");
	}

	@AfterEach
	void stop() {
		this.instances.close();
	}

	@Test
	void oneInstanceStreamsAndTheOtherTakesOverWhenItStops() {
		ConfigurableApplicationContext first = this.instances.start();
		ConfigurableApplicationContext second = this.instances.start();
		await().atMost(Duration.ofSeconds(15)).until(() -> leaders() == 1);
		ConfigurableApplicationContext leader = isLeader(first) ? first : second;
		ConfigurableApplicationContext standby = (leader == first) ? second : first;
		await().atMost(Duration.ofSeconds(15)).until(() -> activeSlots(standby) == 1);

		List<UUID> written = new ArrayList<>(RelayInstances.publish(first, "Team", 20));
		written.addAll(RelayInstances.publish(second, "Team", 20));
		try (TopicReader topic = new TopicReader(this.instances.kafka().bootstrapServers(),
				Pattern.compile("outbox\\.event\\.Team"))) {
			await().atMost(Duration.ofSeconds(30)).until(() -> eventIds(topic).containsAll(written));
			assertThat(isLeader(standby)).isFalse();

			long stoppedAt = System.nanoTime();
			this.instances.stop(leader);
			await().atMost(Duration.ofSeconds(15)).until(() -> isLeader(standby));
			written.addAll(RelayInstances.publish(standby, "Team", 20));
			await().atMost(Duration.ofSeconds(30)).until(() -> eventIds(topic).containsAll(written));
			assertThat(Duration.ofNanos(System.nanoTime() - stoppedAt)).isLessThan(Duration.ofSeconds(45));
			assertThat(activeSlots(standby)).isEqualTo(1);
		}
	}

	private long leaders() {
		return this.instances.running().stream().filter(RelayLeadershipIntegrationTests::isLeader).count();
	}

	private static boolean isLeader(ConfigurableApplicationContext instance) {
		return instance.getBean(OutboxRelay.class).isLeader();
	}

	private long activeSlots(ConfigurableApplicationContext instance) {
		return instance.getBean(JdbcClient.class)
			.sql("select count(*) from pg_replication_slots where slot_name = ? and active")
			.param(this.instances.database().slotName())
			.query(Long.class)
			.single();
	}

	private static List<UUID> eventIds(TopicReader topic) {
		return topic.poll()
			.stream()
			.map((record) -> UUID.fromString(TopicReader.header(record, OutboxHeaders.EVENT_ID)))
			.toList();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class LeadershipTestApplication {

	}

}
