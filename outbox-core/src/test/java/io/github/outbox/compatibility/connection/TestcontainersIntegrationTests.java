package io.github.outbox.compatibility.connection;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.transaction.support.TransactionTemplate;

import io.github.outbox.Outbox;
import io.github.outbox.testsupport.TopicReader;

import static org.awaitility.Awaitility.await;

/**
 * PostgreSQL and Kafka from Testcontainers, wired with {@code @ServiceConnection} and no
 * {@code outbox.*} connection setting: how an application's own tests can run the outbox
 * where a Docker engine exists. Skipped without one;
 * {@link ConnectionDetailsIntegrationTests} covers the same wiring against the local
 * services.
 */
@Testcontainers(disabledWithoutDocker = true)
@SpringBootTest(classes = ServiceConnectionApplication.class, properties = "outbox.relay.slot-name=testcontainers")
class TestcontainersIntegrationTests {

	// The relay needs logical decoding; the image's superuser may stream, so no relay
	// role is set and the relay takes the DataSource's.
	@Container
	@ServiceConnection
	static final PostgreSQLContainer postgres = new PostgreSQLContainer("postgres:15-alpine").withCommand("postgres",
			"-c", "wal_level=logical");

	@Container
	@ServiceConnection
	static final KafkaContainer kafka = new KafkaContainer("apache/kafka:4.1.0");

	@Autowired
	private Outbox outbox;

	@Autowired
	private TransactionTemplate transactions;

	@Test
	void publishesACommittedEvent() {
		try (TopicReader topic = new TopicReader(kafka.getBootstrapServers(),
				Pattern.compile("outbox\\.event\\.Parcel"))) {
			UUID parcelId = UUID.randomUUID();
			this.transactions
				.executeWithoutResult((status) -> this.outbox.publish("Parcel", parcelId, Map.of("weight", 3)));

			await().atMost(Duration.ofSeconds(60))
				.until(() -> topic.poll()
					.stream()
					.filter((record) -> parcelId.toString().equals(TopicReader.text(record.key())))
					.findFirst(), Optional::isPresent);
		}
	}

}
