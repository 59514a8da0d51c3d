package io.github.outbox.relay;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import io.github.outbox.Outbox;
import io.github.outbox.OutboxHeaders;
import io.github.outbox.testsupport.CommandLine;
import io.github.outbox.testsupport.TestDatabase;
import io.github.outbox.testsupport.TestKafka;
import io.github.outbox.testsupport.TestPostgres;
import io.github.outbox.testsupport.TopicReader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two instances of one application on one database: one relay streams, the other stands
 * by and takes over when the leader stops.
 */
class RelayLeadershipIntegrationTests {

	private TestKafka kafka;

	private TestDatabase database;

	private final List<ConfigurableApplicationContext> instances = new ArrayList<>();

	@BeforeEach
	void start() {
		this.kafka = TestKafka.start();
		this.database = TestPostgres.createDatabase("leader_it");
	}

	@AfterEach
	void stop() {
		this.instances.forEach(ConfigurableApplicationContext::close);
		this.database.close();
		this.kafka.close();
	}

	@Test
	void oneInstanceStreamsAndTheOtherTakesOverWhenItStops() {
		ConfigurableApplicationContext first = instance();
		ConfigurableApplicationContext second = instance();
		await().atMost(Duration.ofSeconds(15)).until(() -> leaders() == 1);
		ConfigurableApplicationContext leader = isLeader(first) ? first : second;
		ConfigurableApplicationContext standby = (leader == first) ? second : first;
		await().atMost(Duration.ofSeconds(15)).until(() -> activeSlots(standby) == 1);

		List<UUID> written = new ArrayList<>(publish(first, 20));
		written.addAll(publish(second, 20));
		try (TopicReader topic = new TopicReader(this.kafka.bootstrapServers(),
				Pattern.compile("outbox\\.event\\.Team"))) {
			await().atMost(Duration.ofSeconds(30)).until(() -> eventIds(topic).containsAll(written));
			assertThat(isLeader(standby)).isFalse();

			long stoppedAt = System.nanoTime();
			leader.close();
			this.instances.remove(leader);
			await().atMost(Duration.ofSeconds(15)).until(() -> isLeader(standby));
			written.addAll(publish(standby, 20));
			await().atMost(Duration.ofSeconds(30)).until(() -> eventIds(topic).containsAll(written));
			assertThat(Duration.ofNanos(System.nanoTime() - stoppedAt)).isLessThan(Duration.ofSeconds(45));
			assertThat(activeSlots(standby)).isEqualTo(1);
		}
	}

	private ConfigurableApplicationContext instance() {
		Map<String, Object> properties = new HashMap<>(this.database.properties());
		properties.put("outbox.relay.kafka.bootstrap-servers", this.kafka.bootstrapServers());
		properties.put("outbox.relay.leader-check-interval", "500ms");
		ConfigurableApplicationContext context = new SpringApplicationBuilder(LeadershipTestApplication.class)
			.web(WebApplicationType.NONE)
			.run(CommandLine.of(properties));
		this.instances.add(context);
		return context;
	}

	private long leaders() {
		return this.instances.stream().filter(RelayLeadershipIntegrationTests::isLeader).count();
	}

	private static boolean isLeader(ConfigurableApplicationContext instance) {
		return instance.getBean(OutboxRelay.class).isLeader();
	}

	private long activeSlots(ConfigurableApplicationContext instance) {
		return instance.getBean(JdbcClient.class)
			.sql("select count(*) from pg_replication_slots where slot_name = ? and active")
			.param(this.database.slotName())
			.query(Long.class)
			.single();
	}

	private static List<UUID> publish(ConfigurableApplicationContext instance, int count) {
		Outbox outbox = instance.getBean(Outbox.class);
		TransactionTemplate transaction = instance.getBean(TransactionTemplate.class);
		return IntStream.range(0, count)
			.mapToObj((i) -> transaction.execute((status) -> outbox.publish("Team", UUID.randomUUID(), Map.of("n", i))))
			.toList();
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
