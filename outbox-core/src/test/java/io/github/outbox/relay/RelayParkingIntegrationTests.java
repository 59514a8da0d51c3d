package io.github.outbox.relay;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.transaction.support.TransactionTemplate;

import io.github.outbox.Outbox;
import io.github.outbox.OutboxHeaders;
import io.github.outbox.observability.OutboxRelayHealthIndicator;
import io.github.outbox.replay.OutboxReplay;
import io.github.outbox.replay.ParkedEvent;
import io.github.outbox.testsupport.CommandLine;
import io.github.outbox.testsupport.TestDatabase;
import io.github.outbox.testsupport.TestKafka;
import io.github.outbox.testsupport.TestPostgres;
import io.github.outbox.testsupport.TopicReader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Records Kafka refuses for good, on a real broker that creates no topic by itself and
 * authorizes writes: each is parked with its reason, the later events of its aggregate
 * park behind it, every other aggregate flows on, health says so, and a re-drive once the
 * cause is fixed publishes the parked events in their order.
 */
class RelayParkingIntegrationTests {

	private static final Duration PATIENCE = Duration.ofSeconds(60);

	private static final String SMALL_LIMIT = "2000";

	private static TestKafka kafka;

	private TestDatabase database;

	private String suffix;

	@BeforeAll
	static void startKafka() {
		kafka = TestKafka.start(Map.of("auto.create.topics.enable", "false", "authorizer.class.name",
				"org.apache.kafka.metadata.authorizer.StandardAuthorizer", "allow.everyone.if.no.acl.found", "true"));
	}

	@AfterAll
	static void stopKafka() {
		kafka.close();
	}

	@BeforeEach
	void createDatabase() {
		this.database = TestPostgres.createDatabase("parking_it");
		this.suffix = UUID.randomUUID().toString().substring(0, 8);
	}

	@AfterEach
	void dropDatabase() {
		this.database.close();
	}

	@Test
	void parksAnEventTooLargeForItsTopicWithTheLaterEventsOfItsAggregateWhileOthersFlow() throws Exception {
		String type = "Small" + this.suffix;
		kafka.createTopic(topic(type), 3, Map.of("max.message.bytes", SMALL_LIMIT));
		try (ConfigurableApplicationContext app = start(); TopicReader reader = reader(type)) {
			UUID before = publish(app, type, "big", "fits");
			UUID tooLarge = publish(app, type, "big", "x".repeat(5000));
			UUID behind = publish(app, type, "big", "fits too");
			List<UUID> others = List.of(publish(app, type, "other-1", "a"), publish(app, type, "other-2", "b"));

			await().atMost(PATIENCE).untilAsserted(() -> assertThat(parked(app)).hasSize(2));
			await().atMost(PATIENCE)
				.untilAsserted(() -> assertThat(eventIds(reader.poll())).containsAll(others).contains(before));
			assertThat(eventIds(reader.poll())).doesNotContain(tooLarge, behind);
			List<ParkedEvent> parked = parked(app);
			assertThat(parked).extracting(ParkedEvent::eventId).containsExactly(tooLarge, behind);
			assertThat(parked.get(0).reason()).contains("too large").contains(topic(type));
			assertThat(parked.get(0).blockedBy()).isNull();
			assertThat(parked.get(1).blockedBy()).isEqualTo(tooLarge);
			UUID later = publish(app, type, "big", "still behind");
			UUID otherLater = publish(app, type, "other-1", "c");
			await().atMost(PATIENCE).untilAsserted(() -> assertThat(eventIds(reader.poll())).contains(otherLater));
			await().atMost(PATIENCE).untilAsserted(() -> assertThat(parked(app)).hasSize(3));
			Health health = health(app);
			assertThat(health.getStatus()).isEqualTo(OutboxRelayHealthIndicator.PARKED);
			assertThat(health.getDetails()).containsEntry("parkedEvents", 3L);
			assertThat((String) health.getDetails().get("parkedReason")).contains("too large");

			raiseLimit(topic(type));
			assertThat(app.getBean(OutboxReplay.class).redriveParked(type, "big").requeued()).isEqualTo(3);

			await().atMost(PATIENCE).untilAsserted(() -> assertThat(parked(app)).isEmpty());
			await().atMost(PATIENCE)
				.untilAsserted(() -> assertThat(eventIds(recordsOf(reader.poll(), "big"))).containsExactly(before,
						tooLarge, behind, later));
			assertThat(health(app).getStatus()).isEqualTo(Status.UP);
			UUID afterRedrive = publish(app, type, "big", "flows again");
			await().atMost(PATIENCE)
				.untilAsserted(() -> assertThat(eventIds(recordsOf(reader.poll(), "big"))).endsWith(afterRedrive));
		}
	}

	@Test
	void parksAnEventTheBrokerRefusesAfterItWasSentWithTheLaterEventsOfItsAggregate() throws Exception {
		String type = "Packed" + this.suffix;
		kafka.createTopic(topic(type), 3, Map.of("max.message.bytes", SMALL_LIMIT));
		// compressed, the relay cannot tell the size before sending: the broker
		// refuses it
		try (ConfigurableApplicationContext app = start(
				Map.of("outbox.relay.kafka.properties[compression.type]", "lz4")); TopicReader reader = reader(type)) {
			String incompressible = java.util.HexFormat.of().formatHex(randomBytes(4000));
			List<UUID> written = app.getBean(TransactionTemplate.class).execute((status) -> {
				Outbox outbox = app.getBean(Outbox.class);
				return List.of(outbox.publish(type, "big", new Noted(incompressible)),
						outbox.publish(type, "big", new Noted("after it")),
						outbox.publish(type, "other", new Noted("another aggregate")));
			});
			await().atMost(PATIENCE).untilAsserted(() -> assertThat(parked(app)).hasSize(2));
			List<ParkedEvent> parked = parked(app);
			assertThat(parked).extracting(ParkedEvent::eventId).containsExactly(written.get(0), written.get(1));
			assertThat(parked.get(0).reason()).contains("too large");
			assertThat(parked.get(1).blockedBy()).isEqualTo(written.get(0));
			await().atMost(PATIENCE).untilAsserted(() -> assertThat(eventIds(reader.poll())).contains(written.get(2)));

			raiseLimit(topic(type));
			app.getBean(OutboxReplay.class).redriveParked(type, "big");
			await().atMost(PATIENCE).untilAsserted(() -> assertThat(parked(app)).isEmpty());
			// the copy re-sent after the refused event is the last word, in order
			await().atMost(PATIENCE).untilAsserted(() -> {
				List<UUID> big = eventIds(recordsOf(reader.poll(), "big"));
				assertThat(big).endsWith(written.get(0), written.get(1));
			});
		}
	}

	@Test
	void parksTheEventsOfATopicTheBrokerDoesNotHaveAndPublishesThemOnceItIsCreatedAndReDriven() {
		String missing = "Missing" + this.suffix;
		String open = "Open" + this.suffix;
		kafka.createTopic(topic(open), 3);
		try (ConfigurableApplicationContext app = start(); TopicReader reader = reader(open)) {
			UUID first = publish(app, missing, "m-1", "waits");
			UUID flowing = publish(app, open, "o-1", "flows");
			await().atMost(PATIENCE).untilAsserted(() -> assertThat(eventIds(reader.poll())).contains(flowing));
			await().atMost(PATIENCE)
				.untilAsserted(() -> assertThat(parked(app)).extracting(ParkedEvent::eventId).containsExactly(first));
			assertThat(parked(app).get(0).reason()).contains("does not exist");

			kafka.createTopic(topic(missing), 1);
			assertThat(app.getBean(OutboxReplay.class).redriveParked(missing, null).requeued()).isEqualTo(1);
			try (TopicReader created = reader(missing)) {
				await().atMost(PATIENCE)
					.untilAsserted(() -> assertThat(eventIds(created.poll())).containsExactly(first));
			}
			await().atMost(PATIENCE).untilAsserted(() -> assertThat(parked(app)).isEmpty());
		}
	}

	@Test
	void parksTheEventsOfATopicTheRelayMayNotWriteWhileOtherTopicsFlow() throws Exception {
		String denied = "Denied" + this.suffix;
		String open = "Open" + this.suffix;
		kafka.createTopic(topic(open), 3);
		kafka.createTopic(topic(denied), 1);
		try (Admin admin = kafka.admin()) {
			admin
				.createAcls(List
					.of(new AclBinding(new ResourcePattern(ResourceType.TOPIC, topic(denied), PatternType.LITERAL),
							new AccessControlEntry("User:ANONYMOUS", "*", AclOperation.WRITE, AclPermissionType.DENY))))
				.all()
				.get(30, TimeUnit.SECONDS);
		}
		try (ConfigurableApplicationContext app = start(); TopicReader reader = reader(open)) {
			UUID refused = publish(app, denied, "d-1", "refused");
			UUID flowing = publish(app, open, "o-1", "flows");
			await().atMost(PATIENCE).untilAsserted(() -> assertThat(eventIds(reader.poll())).contains(flowing));
			await().atMost(PATIENCE)
				.untilAsserted(() -> assertThat(parked(app)).extracting(ParkedEvent::eventId).containsExactly(refused));
			assertThat(parked(app).get(0).reason()).contains("may not write");
			assertThat(health(app).getStatus()).isEqualTo(OutboxRelayHealthIndicator.PARKED);
		}
	}

	private ConfigurableApplicationContext start() {
		return start(Map.of());
	}

	private ConfigurableApplicationContext start(Map<String, Object> overrides) {
		Map<String, Object> properties = new HashMap<>(this.database.properties());
		properties.put("outbox.relay.kafka.bootstrap-servers", kafka.bootstrapServers());
		properties.put("outbox.relay.kafka.metadata-wait", "2s");
		properties.putAll(overrides);
		return new SpringApplicationBuilder(ParkingTestApplication.class).web(WebApplicationType.NONE)
			.run(CommandLine.of(properties));
	}

	private static byte[] randomBytes(int count) {
		byte[] bytes = new byte[count];
		new java.security.SecureRandom().nextBytes(bytes);
		return bytes;
	}

	private static String topic(String aggregateType) {
		return "outbox.event." + aggregateType;
	}

	private static TopicReader reader(String aggregateType) {
		return new TopicReader(kafka.bootstrapServers(), Pattern.compile(Pattern.quote(topic(aggregateType))));
	}

	private static UUID publish(ConfigurableApplicationContext app, String aggregateType, String aggregateId,
			String note) {
		Outbox outbox = app.getBean(Outbox.class);
		return app.getBean(TransactionTemplate.class)
			.execute((status) -> outbox.publish(aggregateType, aggregateId, new Noted(note)));
	}

	private static List<ParkedEvent> parked(ConfigurableApplicationContext app) {
		return app.getBean(OutboxReplay.class).parked(100);
	}

	private static Health health(ConfigurableApplicationContext app) {
		return app.getBean(OutboxRelayHealthIndicator.class).health();
	}

	private static void raiseLimit(String topic) throws Exception {
		try (Admin admin = kafka.admin()) {
			ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
			admin
				.incrementalAlterConfigs(
						Map.of(resource,
								List.of(new AlterConfigOp(new ConfigEntry("max.message.bytes", "1048588"),
										AlterConfigOp.OpType.SET))))
				.all()
				.get(30, TimeUnit.SECONDS);
		}
	}

	private static List<ConsumerRecord<byte[], byte[]>> recordsOf(List<ConsumerRecord<byte[], byte[]>> records,
			String aggregateId) {
		return records.stream().filter((record) -> aggregateId.equals(TopicReader.text(record.key()))).toList();
	}

	private static List<UUID> eventIds(List<ConsumerRecord<byte[], byte[]>> records) {
		return records.stream().map((r) -> UUID.fromString(TopicReader.header(r, OutboxHeaders.EVENT_ID))).toList();
	}

	record Noted(String note) {
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class ParkingTestApplication {

	}

}
