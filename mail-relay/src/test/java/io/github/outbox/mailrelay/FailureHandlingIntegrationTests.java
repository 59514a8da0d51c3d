package io.github.outbox.mailrelay;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.kafka.support.KafkaHeaders;

import static io.github.outbox.mailrelay.MailRelayTestServices.PATIENCE;
import static io.github.outbox.mailrelay.MailRelayTestServices.failedAttempts;
import static io.github.outbox.mailrelay.MailRelayTestServices.header;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What happens to a record that cannot be handled: a poison record is dead-lettered at
 * once, by each group that fails on it, and the records after it are mailed; an SMTP
 * outage is retried until the server is back, with nothing dead-lettered or skipped.
 */
class FailureHandlingIntegrationTests extends AbstractMailRelayIntegrationTests {

	private static final String DEAD_LETTER_TOPIC = TOPIC + "-dlt";

	@Test
	void deadLettersPoisonRecordsAndKeepsMailingLaterOnes() throws Exception {
		String malformedKey = "malformed-" + UUID.randomUUID();
		String unknownTypeKey = "unknown-type-" + UUID.randomUUID();
		String noEventIdKey = "no-event-id-" + UUID.randomUUID();
		String missingEmailKey = "missing-email-" + UUID.randomUUID();
		String valid = confirmationPayload("bob@example.com", "Bob", "https://example.com/confirm?token=bob", null);
		UUID malformedId = UUID.randomUUID();
		UUID unknownTypeId = UUID.randomUUID();
		UUID missingEmailId = UUID.randomUUID();

		produce(malformedKey, malformedId, "UserRegistered", "{\"email\": \"bob@example.com\", ");
		produce(unknownTypeKey, unknownTypeId, "UserDeleted", valid);
		produce(noEventIdKey, null, "UserRegistered", valid);
		produce(missingEmailKey, missingEmailId, "UserRegistered",
				"{\"name\": \"Bob\", \"confirmationLink\": \"https://example.com/confirm?token=bob\"}");
		awaitMarkerMail(UUID.randomUUID().toString());

		Map<String, ConsumerRecord<String, byte[]>> deadLetters = await().atMost(PATIENCE)
			.until(this::deadLetters, (records) -> records.keySet()
				.containsAll(List.of(malformedKey, unknownTypeKey, noEventIdKey, missingEmailKey)));
		assertDeadLettered(deadLetters.get(malformedKey), MalformedEventException.class,
				"is not a valid UserRegistered");
		assertThat(deadLetters.get(malformedKey).value()).asString(UTF_8)
			.isEqualTo("{\"email\": \"bob@example.com\", ");
		assertDeadLettered(deadLetters.get(unknownTypeKey), UnknownEventTypeException.class,
				"the event type 'UserDeleted' is not one of [ConfirmationRequested, OrderPlaced, SignupAttempted, UserRegistered]");
		assertThat(header(deadLetters.get(unknownTypeKey), "event-type")).isEqualTo("UserDeleted");
		assertDeadLettered(deadLetters.get(noEventIdKey), MalformedEventException.class, "has no event-id header");
		assertDeadLettered(deadLetters.get(missingEmailKey), MalformedEventException.class, "email is missing");
		assertThat(List.of(malformedId, unknownTypeId, missingEmailId)).allSatisfy((id) -> {
			assertThat(ledgerRows(id)).isZero();
			assertThat(services.mailsWithId(id)).isEmpty();
		});
	}

	@Test
	void deadLettersAMalformedOrderOnceForEachGroup() throws Exception {
		UUID orderId = UUID.randomUUID();
		UUID eventId = UUID.randomUUID();

		produceOrder(orderId, eventId, "{\"orderId\": \"" + orderId + "\", ");
		awaitMarkerOrder(orderId);

		String key = orderId.toString();
		await().atMost(PATIENCE).until(() -> deadLetters(ORDER_TOPIC + "-dlt"), (records) -> records.containsKey(key));
		await().atMost(PATIENCE)
			.until(() -> deadLetters(ORDER_TOPIC + "-sms-notifier-dlt"), (records) -> records.containsKey(key));
		assertThat(header(deadLetters(ORDER_TOPIC + "-sms-notifier-dlt").get(key),
				KafkaHeaders.DLT_ORIGINAL_CONSUMER_GROUP))
			.isEqualTo("sms-notifier");
		assertThat(services.mailsWithId(eventId)).isEmpty();
		assertThat(sms.sentFor(eventId)).isEmpty();
	}

	@Test
	void retriesWhileSmtpIsDownAndSendsOnceItIsBack(CapturedOutput output) throws Exception {
		String userId = UUID.randomUUID().toString();
		UUID eventId = UUID.randomUUID();
		services.stopSmtp();
		RecordMetadata produced;
		try {
			produced = produce(userId, eventId, "UserRegistered",
					confirmationPayload("linus-" + eventId + "@example.com", "Linus",
							"https://example.com/confirm?token=" + eventId, "2026-11-26T11:00:00Z"));

			await().atMost(PATIENCE).until(() -> failedAttempts(output, eventId) >= 3);
			assertThat(ledgerRows(eventId)).isZero();
			assertThat(deadLetters()).doesNotContainKey(userId);
			assertThat(services.committedOffset(produced)).isLessThanOrEqualTo(produced.offset());
		}
		finally {
			services.restartSmtp();
		}

		services.awaitMail(eventId);
		awaitMarkerMail(userId);
		assertThat(services.mailsWithId(eventId)).hasSize(1);
		assertThat(ledgerRows(eventId)).isEqualTo(1);
		assertThat(deadLetters()).doesNotContainKey(userId);
		assertThat(services.committedOffset(produced)).isGreaterThan(produced.offset());
	}

	/** Every record on the dead-letter topic, by key. */
	private Map<String, ConsumerRecord<String, byte[]>> deadLetters() {
		return deadLetters(DEAD_LETTER_TOPIC);
	}

	/** Every record on a dead-letter topic, by key. */
	private Map<String, ConsumerRecord<String, byte[]>> deadLetters(String topic) {
		return services.deadLetters(topic, ConsumerRecord::key);
	}

	private static void assertDeadLettered(ConsumerRecord<String, byte[]> record, Class<? extends Exception> exception,
			String message) {
		assertThat(header(record, KafkaHeaders.DLT_ORIGINAL_TOPIC)).isEqualTo(TOPIC);
		assertThat(header(record, KafkaHeaders.DLT_ORIGINAL_CONSUMER_GROUP)).isEqualTo("mail-relay");
		assertThat(header(record, KafkaHeaders.DLT_EXCEPTION_CAUSE_FQCN)).isEqualTo(exception.getName());
		assertThat(header(record, KafkaHeaders.DLT_EXCEPTION_MESSAGE)).contains(message);
		assertThat(header(record, KafkaHeaders.DLT_EXCEPTION_STACKTRACE)).contains(exception.getName());
		assertThat(header(record, "aggregate-type")).isEqualTo("User");
		assertThat(header(record, "traceparent")).isNotNull();
	}

}
