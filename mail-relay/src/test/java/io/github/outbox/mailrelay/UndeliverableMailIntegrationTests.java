package io.github.outbox.mailrelay;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.github.outbox.testsupport.TestKafka;

import static io.github.outbox.mailrelay.MailRelayTestServices.PATIENCE;
import static io.github.outbox.mailrelay.MailRelayTestServices.event;
import static io.github.outbox.mailrelay.MailRelayTestServices.header;
import static io.github.outbox.mailrelay.MailRelayTestServices.send;
import static io.github.outbox.mailrelay.MailRelayTestServices.userRegistered;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Recipients that cannot be mailed as they are written, against a real broker, ledger
 * database and SMTP server: an address with a non-ASCII local part (which Jakarta Mail
 * would write as the low bytes of its characters, so {@code č} became a carriage return
 * and {@code ｄ} a {@code D}) is dead-lettered before any SMTP command, and the mail of
 * the records after it on the same partition goes out.
 */
@SpringBootTest(properties = { "mail-relay.retry.initial-interval=100ms", "mail-relay.retry.max-interval=400ms",
		"mail-relay.sms.enabled=false" })
@DirtiesContext
class UndeliverableMailIntegrationTests {

	private static final Logger log = LoggerFactory.getLogger(UndeliverableMailIntegrationTests.class);

	private static final String TOPIC = "outbox.event.User";

	@RegisterExtension
	static final MailRelayTestServices services = MailRelayTestServices
		.of(() -> TestKafka.start().createTopic(TOPIC, 3), "mail_relay_undeliverable_it");

	@DynamicPropertySource
	static void serviceProperties(DynamicPropertyRegistry registry) {
		services.register(registry);
	}

	@Autowired
	private KafkaTemplate<String, byte[]> kafka;

	@Test
	void deadLettersANonAsciiRecipientAtOnceAndMailsTheRecordsAfterIt() throws Exception {
		UUID poison = UUID.randomUUID();
		UUID after = UUID.randomUUID();
		Instant produced = Instant.now();

		produce(0, poison, "čapek@example.cz");
		produce(0, after, "karel-" + after + "@example.cz");

		services.awaitMail(after);
		ConsumerRecord<String, byte[]> deadLetter = awaitDeadLetter(poison);
		log.info("RELIABILITY mail-relay poison-recipient dead-lettered-after-ms={}",
				Duration.between(produced, Instant.ofEpochMilli(deadLetter.timestamp())).toMillis());
		assertThat(header(deadLetter, KafkaHeaders.DLT_EXCEPTION_CAUSE_FQCN))
			.isEqualTo(MalformedEventException.class.getName());
		assertThat(header(deadLetter, KafkaHeaders.DLT_EXCEPTION_MESSAGE)).contains("non-ASCII local part");
		assertThat(services.mailsWithId(poison)).isEmpty();
		assertThat(recipientsOfEveryMail()).noneMatch((recipient) -> recipient.endsWith("apek@example.cz"));
	}

	@Test
	void neverMailsALookAlikeAddressToAnotherMailbox() throws Exception {
		UUID fullWidth = UUID.randomUUID();
		UUID cyrillic = UUID.randomUUID();
		UUID internationalDomain = UUID.randomUUID();

		produce(1, fullWidth, "a\uFF44a@example.com");
		produce(1, cyrillic, "\u0430da@example.com");
		produce(1, internationalDomain, "ada@p\u0159\u00edklad.cz");

		MimeMessage mail = services.awaitMail(internationalDomain);
		assertThat(mail.getAllRecipients()).extracting(Address::toString).containsExactly("ada@xn--pklad-zsa96e.cz");
		assertThat(header(awaitDeadLetter(fullWidth), KafkaHeaders.DLT_EXCEPTION_MESSAGE))
			.contains("non-ASCII local part");
		assertThat(header(awaitDeadLetter(cyrillic), KafkaHeaders.DLT_EXCEPTION_MESSAGE))
			.contains("non-ASCII local part");
		assertThat(services.mailsWithId(fullWidth)).isEmpty();
		assertThat(services.mailsWithId(cyrillic)).isEmpty();
		assertThat(recipientsOfEveryMail()).doesNotContain("aDa@example.com", "0da@example.com", "ada@example.com");
	}

	private void produce(int partition, UUID eventId, String email) throws Exception {
		String payload = userRegistered(email, "Karel", "https://example.com/confirm?token=" + eventId);
		send(this.kafka, event(TOPIC, partition, UUID.randomUUID().toString(), eventId, "UserRegistered", payload));
	}

	private static List<String> recipientsOfEveryMail() {
		return Arrays.stream(services.smtp().getReceivedMessages()).flatMap((mail) -> {
			try {
				return Arrays.stream(mail.getAllRecipients()).map(Address::toString);
			}
			catch (MessagingException ex) {
				throw new IllegalStateException(ex);
			}
		}).toList();
	}

	private static ConsumerRecord<String, byte[]> awaitDeadLetter(UUID eventId) {
		return await().atMost(PATIENCE).until(() -> deadLetters().get(eventId.toString()), (record) -> record != null);
	}

	/** Every record on the dead-letter topic, by event id. */
	static Map<String, ConsumerRecord<String, byte[]>> deadLetters() {
		return services.deadLetters(TOPIC + "-dlt", (record) -> header(record, "event-id"));
	}

}
