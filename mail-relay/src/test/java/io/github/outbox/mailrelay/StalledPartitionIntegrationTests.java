package io.github.outbox.mailrelay;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.github.outbox.testsupport.TestKafka;
import io.github.outbox.testsupport.TestPostgres;

import static io.github.outbox.mailrelay.MailRelayTestServices.PATIENCE;
import static io.github.outbox.mailrelay.MailRelayTestServices.event;
import static io.github.outbox.mailrelay.MailRelayTestServices.send;
import static io.github.outbox.mailrelay.MailRelayTestServices.userRegistered;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A record that keeps failing for an outage-like reason holds back its own partition
 * only, and shows in health and metrics, against a real broker (a topic of three
 * partitions, mail-relay's default of one listener thread each), ledger database and SMTP
 * server. The failure is a lock on the record's ledger row held by another session: the
 * claim waits past the database's {@code statement_timeout}, a database too slow to
 * answer, transient, retried without limit. The back-off is 5 s, as the production
 * back-off soon grows to: the other partitions' mail goes out within a back-off interval,
 * which it did not when one thread held every partition and waited out the back-off.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "mail-relay.retry.initial-interval=5s", "mail-relay.retry.max-interval=5s",
				"mail-relay.sms.enabled=false", "mail-relay.health.stalled-after=2s",
				"spring.datasource.hikari.connection-init-sql=set statement_timeout = '300ms'" })
@DirtiesContext
class StalledPartitionIntegrationTests {

	private static final Logger log = LoggerFactory.getLogger(StalledPartitionIntegrationTests.class);

	private static final String TOPIC = "outbox.event.User";

	@RegisterExtension
	static final MailRelayTestServices services = MailRelayTestServices
		.of(() -> TestKafka.start().createTopic(TOPIC, 3), "mail_relay_stalled_it");

	@DynamicPropertySource
	static void serviceProperties(DynamicPropertyRegistry registry) {
		services.register(registry);
	}

	@Autowired
	private KafkaTemplate<String, byte[]> kafka;

	@Autowired
	private StalledRecordsHealthIndicator health;

	@Autowired
	private MeterRegistry meters;

	@LocalServerPort
	private int port;

	@Test
	void keepsMailingTheOtherPartitionsWhileOneRecordWaitsOutAnOutage() throws Exception {
		UUID blocked = UUID.randomUUID();
		List<UUID> behindIt = List.of(UUID.randomUUID(), UUID.randomUUID());
		List<UUID> otherPartitions = new ArrayList<>();
		try (Connection lock = DriverManager.getConnection(services.database().jdbcUrl(), TestPostgres.APP_USER,
				TestPostgres.APP_PASSWORD)) {
			lock.setAutoCommit(false);
			holdLedgerRow(lock, blocked);

			long offset = produce(0, blocked);
			for (UUID eventId : behindIt) {
				produce(0, eventId);
			}
			// the first attempt failed: its thread now waits out the back-off (5 s)
			await().atMost(PATIENCE).until(() -> retried() >= 1);
			Instant start = Instant.now();
			for (int i = 0; i < 20; i++) {
				UUID eventId = UUID.randomUUID();
				otherPartitions.add(eventId);
				produce(1 + i % 2, eventId);
			}
			await().atMost(Duration.ofSeconds(3)).until(() -> otherPartitions.stream().allMatch((id) -> mailed(id)));
			log.info("RELIABILITY mail-relay other-partitions mails={} in-ms={} while-blocked=true",
					otherPartitions.size(), Duration.between(start, Instant.now()).toMillis());

			Health down = await().atMost(PATIENCE)
				.pollInterval(Duration.ofMillis(200))
				.until(this.health::health, (health) -> health.getStatus().equals(Status.DOWN));
			assertThat(retrying(down)).singleElement().satisfies((record) -> {
				assertThat(record).containsEntry("record", TOPIC + "-0@" + offset)
					.containsEntry("group", "mail-relay")
					.containsEntry("eventId", blocked.toString());
				assertThat((String) record.get("reason")).contains("canceling statement due to statement timeout");
			});
			assertThat(mailed(blocked)).isFalse();
			assertThat(behindIt).noneMatch(this::mailed);
			assertThat(retried()).isGreaterThanOrEqualTo(1);
			assertThat(this.meters.get("mail_relay.records.retrying.oldest").tag("group", "mail-relay").gauge().value())
				.isGreaterThan(2);
			assertThat(this.meters.find("kafka.consumer.fetch.manager.records.lag.max").gauges()).isNotEmpty();

			lock.rollback();
		}

		await().atMost(PATIENCE).until(() -> mailed(blocked) && behindIt.stream().allMatch(this::mailed));
		await().atMost(PATIENCE).until(() -> this.health.health().getStatus().equals(Status.UP));
		assertThat(retrying(this.health.health())).isEmpty();
		assertThat(this.meters.get("mail_relay.records.retrying.oldest").tag("group", "mail-relay").gauge().value())
			.isZero();
		assertThat(this.meters.find("mail_relay.records.dead_lettered").counters()).isEmpty();
	}

	@Test
	void turnsTheHealthDownWhileTheSmtpServerIsDownAndUpOnceMailFlows() throws Exception {
		UUID eventId = UUID.randomUUID();
		services.stopSmtp();
		Instant stopped = Instant.now();
		try {
			produce(2, eventId);

			Health down = await().atMost(PATIENCE)
				.pollInterval(Duration.ofMillis(200))
				.until(this.health::health, (health) -> health.getStatus().equals(Status.DOWN));
			log.info("RELIABILITY mail-relay smtp-outage health-down-after-ms={} stalled-after=2s",
					Duration.between(stopped, Instant.now()).toMillis());
			assertThat(retrying(down)).singleElement().satisfies((record) -> {
				assertThat(record).containsEntry("eventId", eventId.toString());
				assertThat((String) record.get("reason")).contains("SmtpUnavailableException");
			});
			HttpResponse<String> health = get("/actuator/health");
			assertThat(health.statusCode()).isEqualTo(503);
			assertThat(health.body()).contains("\"mailRelay\"").contains(eventId.toString());
			assertThat(get("/actuator/metrics/mail_relay.records.retrying.oldest").statusCode()).isEqualTo(200);
		}
		finally {
			services.restartSmtp();
		}

		await().atMost(PATIENCE).until(() -> mailed(eventId));
		await().atMost(PATIENCE).until(() -> this.health.health().getStatus().equals(Status.UP));
		assertThat(get("/actuator/health").statusCode()).isEqualTo(200);
	}

	private HttpResponse<String> get(String path) throws Exception {
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
				.timeout(Duration.ofSeconds(10))
				.build(), HttpResponse.BodyHandlers.ofString());
	}

	private double retried() {
		return this.meters.find("mail_relay.records.retried")
			.tag("group", "mail-relay")
			.counters()
			.stream()
			.mapToDouble((counter) -> counter.count())
			.sum();
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> retrying(Health health) {
		return (List<Map<String, Object>>) health.getDetails().get("retrying");
	}

	/** Inserts the event's ledger row in an open transaction: its claim waits on it. */
	private static void holdLedgerRow(Connection connection, UUID eventId) throws Exception {
		try (PreparedStatement insert = connection.prepareStatement(
				"insert into sent_mail (event_id, event_type, recipient, message_id) values (?, 'UserRegistered', ?, ?)")) {
			insert.setObject(1, eventId);
			insert.setString(2, "held@example.com");
			insert.setString(3, "<held>");
			insert.executeUpdate();
		}
	}

	private long produce(int partition, UUID eventId) throws Exception {
		String payload = userRegistered("user-" + eventId + "@example.com", "Ada",
				"https://example.com/confirm?token=" + eventId);
		return send(this.kafka,
				event(TOPIC, partition, UUID.randomUUID().toString(), eventId, "UserRegistered", payload))
			.offset();
	}

	private boolean mailed(UUID eventId) {
		return !services.mailsWithId(eventId).isEmpty();
	}

}
