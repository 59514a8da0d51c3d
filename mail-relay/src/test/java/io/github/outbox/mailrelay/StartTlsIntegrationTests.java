package io.github.outbox.mailrelay;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.github.outbox.testsupport.TestKafka;

import static io.github.outbox.mailrelay.MailRelayTestServices.PATIENCE;
import static io.github.outbox.mailrelay.MailRelayTestServices.event;
import static io.github.outbox.mailrelay.MailRelayTestServices.failedAttempts;
import static io.github.outbox.mailrelay.MailRelayTestServices.send;
import static io.github.outbox.mailrelay.MailRelayTestServices.userRegistered;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * mail-relay set up for a real SMTP server ({@code starttls.enable} and
 * {@code starttls.required} true) against one that does not offer STARTTLS, as a server
 * whose STARTTLS a man in the middle strips would not: the mail is not sent in clear. The
 * record counts as an outage, retried without limit, neither dead-lettered nor skipped,
 * so the mail goes out once the server offers TLS again. GreenMail's SMTP server has no
 * STARTTLS, so it is that server here.
 */
@SpringBootTest(properties = { "spring.mail.properties.mail.smtp.starttls.enable=true",
		"spring.mail.properties.mail.smtp.starttls.required=true", "mail-relay.retry.initial-interval=100ms",
		"mail-relay.retry.max-interval=400ms" })
@DirtiesContext
@ExtendWith(OutputCaptureExtension.class)
class StartTlsIntegrationTests {

	private static final String TOPIC = "outbox.event.User";

	@RegisterExtension
	static final MailRelayTestServices services = MailRelayTestServices
		.of(() -> TestKafka.start().createTopic(TOPIC, 1), "mail_relay_tls_it");

	@DynamicPropertySource
	static void serviceProperties(DynamicPropertyRegistry registry) {
		services.register(registry);
	}

	@Autowired
	private KafkaTemplate<String, byte[]> kafka;

	@Autowired
	private JdbcClient jdbc;

	@Test
	void sendsNothingInClearToAServerWithoutStartTlsAndKeepsRetryingTheRecord(CapturedOutput output) throws Exception {
		UUID eventId = UUID.randomUUID();
		String payload = userRegistered("ada-" + eventId + "@example.com", "Ada Lovelace",
				"https://example.com/api/signups/confirm?token=" + eventId);
		RecordMetadata produced = send(this.kafka,
				event(TOPIC, null, UUID.randomUUID().toString(), eventId, "UserRegistered", payload));

		await().atMost(PATIENCE).until(() -> failedAttempts(output, eventId) >= 3);

		assertThat(output.getAll()).contains("STARTTLS is required but host does not support STARTTLS");
		assertThat(services.smtp().getReceivedMessages()).isEmpty();
		assertThat(this.jdbc.sql("select count(*) from sent_mail where event_id = ?")
			.param(eventId)
			.query(Integer.class)
			.single()).isZero();
		assertThat(output.getAll()).doesNotContain("Dead-lettered");
		assertThat(deadLetterCount()).isZero();
		assertThat(services.committedOffset(produced)).isLessThanOrEqualTo(produced.offset());
	}

	private static long deadLetterCount() throws Exception {
		try (Admin admin = services.broker().admin()) {
			String deadLetters = DeadLetterNames.of(TOPIC);
			List<TopicPartition> partitions = admin.describeTopics(List.of(deadLetters))
				.allTopicNames()
				.get(10, TimeUnit.SECONDS)
				.get(deadLetters)
				.partitions()
				.stream()
				.map((info) -> new TopicPartition(deadLetters, info.partition()))
				.toList();
			Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
			partitions.forEach((partition) -> latest.put(partition, OffsetSpec.latest()));
			return admin.listOffsets(latest)
				.all()
				.get(10, TimeUnit.SECONDS)
				.values()
				.stream()
				.mapToLong((info) -> info.offset())
				.sum();
		}
	}

}
