package io.github.outbox.mailrelay;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.github.outbox.testsupport.TestDatabase;
import io.github.outbox.testsupport.TestKafka;
import io.github.outbox.testsupport.TestPostgres;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
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

	private static final Duration PATIENCE = Duration.ofSeconds(30);

	private static final TestKafka broker = TestKafka.start().createTopic(TOPIC, 3);

	private static final TestDatabase database = TestPostgres.createDatabase("mail_relay_undeliverable_it");

	private static final GreenMail smtp = startSmtp();

	@Autowired
	private KafkaTemplate<String, byte[]> kafka;

	@DynamicPropertySource
	static void services(DynamicPropertyRegistry registry) {
		MailRelayTestServices.register(registry, broker, database, smtp.getSmtp().getPort());
	}

	@AfterAll
	static void stopServices(@Autowired KafkaListenerEndpointRegistry listeners) {
		listeners.stop();
		smtp.stop();
		database.close();
		broker.close();
	}

	@Test
	void deadLettersANonAsciiRecipientAtOnceAndMailsTheRecordsAfterIt() throws Exception {
		UUID poison = UUID.randomUUID();
		UUID after = UUID.randomUUID();
		Instant produced = Instant.now();

		produce(0, poison, "čapek@example.cz");
		produce(0, after, "karel-" + after + "@example.cz");

		awaitMail(after);
		ConsumerRecord<String, byte[]> deadLetter = awaitDeadLetter(poison);
		log.info("RELIABILITY mail-relay poison-recipient dead-lettered-after-ms={}",
				Duration.between(produced, Instant.ofEpochMilli(deadLetter.timestamp())).toMillis());
		assertThat(header(deadLetter, KafkaHeaders.DLT_EXCEPTION_CAUSE_FQCN))
			.isEqualTo(MalformedEventException.class.getName());
		assertThat(header(deadLetter, KafkaHeaders.DLT_EXCEPTION_MESSAGE)).contains("non-ASCII local part");
		assertThat(mailsWithId(poison)).isEmpty();
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

		MimeMessage mail = awaitMail(internationalDomain);
		assertThat(mail.getAllRecipients()).extracting(Address::toString).containsExactly("ada@xn--pklad-zsa96e.cz");
		assertThat(header(awaitDeadLetter(fullWidth), KafkaHeaders.DLT_EXCEPTION_MESSAGE))
			.contains("non-ASCII local part");
		assertThat(header(awaitDeadLetter(cyrillic), KafkaHeaders.DLT_EXCEPTION_MESSAGE))
			.contains("non-ASCII local part");
		assertThat(mailsWithId(fullWidth)).isEmpty();
		assertThat(mailsWithId(cyrillic)).isEmpty();
		assertThat(recipientsOfEveryMail()).doesNotContain("aDa@example.com", "0da@example.com", "ada@example.com");
	}

	private void produce(int partition, UUID eventId, String email) throws Exception {
		String payload = """
				{"email": "%s", "name": "Karel", "confirmationLink": "https://example.com/confirm?token=%s"}"""
			.formatted(email, eventId);
		ProducerRecord<String, byte[]> record = new ProducerRecord<>(TOPIC, partition, UUID.randomUUID().toString(),
				payload.getBytes(UTF_8));
		record.headers().add("event-id", eventId.toString().getBytes(UTF_8));
		record.headers().add("event-type", "UserRegistered".getBytes(UTF_8));
		this.kafka.send(record).get(10, TimeUnit.SECONDS);
	}

	private static MimeMessage awaitMail(UUID eventId) {
		return await().atMost(PATIENCE).until(() -> mailsWithId(eventId), (mails) -> !mails.isEmpty()).get(0);
	}

	private static List<MimeMessage> mailsWithId(UUID eventId) {
		String messageId = "<" + eventId + "@mail-relay.local>";
		return Arrays.stream(smtp.getReceivedMessages()).filter((mail) -> {
			try {
				return messageId.equals(mail.getMessageID());
			}
			catch (MessagingException ex) {
				throw new IllegalStateException(ex);
			}
		}).toList();
	}

	private static List<String> recipientsOfEveryMail() {
		return Arrays.stream(smtp.getReceivedMessages()).flatMap((mail) -> {
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
		String topic = TOPIC + "-dlt";
		Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
		try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
				new ByteArrayDeserializer())) {
			List<TopicPartition> partitions = consumer.partitionsFor(topic)
				.stream()
				.map((info) -> new TopicPartition(info.topic(), info.partition()))
				.toList();
			consumer.assign(partitions);
			consumer.seekToBeginning(partitions);
			Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
			Map<String, ConsumerRecord<String, byte[]>> records = new HashMap<>();
			Instant deadline = Instant.now().plus(PATIENCE);
			while (partitions.stream().anyMatch((partition) -> consumer.position(partition) < ends.get(partition))) {
				if (Instant.now().isAfter(deadline)) {
					fail("Could not read the dead-letter topic up to " + ends);
				}
				consumer.poll(Duration.ofMillis(200))
					.forEach((record) -> records.put(header(record, "event-id"), record));
			}
			return records;
		}
	}

	private static @Nullable String header(ConsumerRecord<?, ?> record, String name) {
		Header header = record.headers().lastHeader(name);
		return (header != null) ? new String(header.value(), UTF_8) : null;
	}

	private static GreenMail startSmtp() {
		GreenMail greenMail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
		greenMail.start();
		return greenMail;
	}

}
