package io.github.outbox.mailrelay;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.samskivert.mustache.Escapers;
import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

import io.github.outbox.mailrelay.sms.RecordingSmsSender;
import io.github.outbox.testsupport.TestKafka;

import static io.github.outbox.mailrelay.MailRelayTestServices.PATIENCE;
import static io.github.outbox.mailrelay.MailRelayTestServices.event;
import static io.github.outbox.mailrelay.MailRelayTestServices.failedAttempts;
import static io.github.outbox.mailrelay.MailRelayTestServices.header;
import static io.github.outbox.mailrelay.MailRelayTestServices.send;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * mail-relay against real services: a KRaft broker in-process, the project's PostgreSQL
 * server (a throw-away database) and a GreenMail SMTP server; the SMS notifier's messages
 * go to a recording sender. Each topic has one partition, so records are handled in the
 * order they are produced.
 */
@SpringBootTest(properties = { "mail-relay.retry.initial-interval=100ms", "mail-relay.retry.max-interval=400ms" })
@ContextConfiguration(initializers = RecordingSmsSender.Registration.class)
@DirtiesContext
@ExtendWith(OutputCaptureExtension.class)
class MailRelayIntegrationTests {

	static final String TOPIC = "outbox.event.User";

	private static final String DEAD_LETTER_TOPIC = TOPIC + "-dlt";

	static final String ORDER_TOPIC = "outbox.event.Order";

	@RegisterExtension
	static final MailRelayTestServices services = MailRelayTestServices
		.start(TestKafka.start().createTopic(TOPIC, 1).createTopic(ORDER_TOPIC, 1), "mail_relay_it");

	private static final RecordingSmsSender sms = RecordingSmsSender.INSTANCE;

	@DynamicPropertySource
	static void serviceProperties(DynamicPropertyRegistry registry) {
		services.register(registry);
	}

	@Autowired
	private KafkaTemplate<String, byte[]> kafka;

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private EventLedger ledger;

	@Autowired
	private TransactionTemplate transactions;

	@Test
	void sendsOneMailPerUserRegisteredEvent() throws Exception {
		UUID eventId = UUID.randomUUID();
		String email = "ada-" + eventId + "@example.com";
		String link = "https://example.com/api/signups/confirm?token=" + eventId;

		produce(UUID.randomUUID().toString(), eventId, "UserRegistered",
				confirmationPayload(email, "Ada Lovelace", link, "2026-11-26T11:00:00Z"));

		MimeMessage mail = services.awaitMail(eventId);
		assertThat(mail.getMessageID()).isEqualTo("<" + eventId + "@mail-relay.local>");
		assertThat(mail.getAllRecipients()).extracting(Address::toString).containsExactly(email);
		assertThat(mail.getFrom()).extracting(Address::toString).containsExactly("no-reply@example.com");
		assertThat(mail.getSubject()).isEqualTo("Confirm your account");
		assertThat(mail.getContentType()).startsWith("multipart/alternative");
		MimeMultipart alternatives = (MimeMultipart) mail.getContent();
		assertThat(alternatives.getCount()).isEqualTo(2);
		BodyPart text = alternatives.getBodyPart(0);
		BodyPart html = alternatives.getBodyPart(1);
		assertThat(text.getContentType()).startsWith("text/plain");
		assertThat((String) text.getContent()).contains("Hi Ada Lovelace,")
			.contains(link)
			.contains("26 November 2026 at 11:00 UTC");
		assertThat(html.getContentType()).startsWith("text/html");
		assertThat((String) html.getContent()).contains("<p>Hi Ada Lovelace,</p>")
			.contains("<a href=\"" + Escapers.HTML.escape(link) + "\">");
		Map<String, Object> sent = this.jdbc
			.sql("select event_type, recipient, message_id, sent_at from sent_mail where event_id = ?")
			.param(eventId)
			.query()
			.singleRow();
		assertThat(sent).containsEntry("event_type", "UserRegistered")
			.containsEntry("recipient", email)
			.containsEntry("message_id", mail.getMessageID());
	}

	@Test
	void sendsOneMailWithTheNewLinkPerConfirmationRequestedEvent() throws Exception {
		String userId = UUID.randomUUID().toString();
		UUID eventId = UUID.randomUUID();
		String email = "grace-" + eventId + "@example.com";
		String link = "https://example.com/api/signups/confirm?token=" + eventId + "&lang=en";
		String payload = confirmationPayload(email, "Grace Hopper", link, "2026-11-26T12:30:00Z");

		produce(userId, eventId, "ConfirmationRequested", payload);
		produce(userId, eventId, "ConfirmationRequested", payload);
		awaitMarkerMail(userId);
		awaitNoLag();

		assertThat(services.mailsWithId(eventId)).hasSize(1);
		MimeMessage mail = services.mailsWithId(eventId).get(0);
		assertThat(mail.getAllRecipients()).extracting(Address::toString).containsExactly(email);
		assertThat(mail.getSubject()).isEqualTo("Your new confirmation link");
		MimeMultipart alternatives = (MimeMultipart) mail.getContent();
		String text = (String) alternatives.getBodyPart(0).getContent();
		String html = (String) alternatives.getBodyPart(1).getContent();
		assertThat(text).contains("Hi Grace Hopper,")
			.contains("new confirmation link you asked for")
			.contains("The links we sent you before no longer work.")
			.contains("26 November 2026 at 12:30 UTC");
		// the link as sent, whole, on a line of its own in text and as the href in HTML
		assertThat(text.lines()).contains(link);
		assertThat(html).contains("<a href=\"" + Escapers.HTML.escape(link) + "\">");
		assertThat(this.jdbc.sql("select event_type from sent_mail where event_id = ?")
			.param(eventId)
			.query(String.class)
			.single()).isEqualTo("ConfirmationRequested");
		assertThat(ledgerRows(eventId)).isEqualTo(1);
	}

	@Test
	void sendsNoSecondMailWhenTheSameEventIsDeliveredAgain(CapturedOutput output) throws Exception {
		String userId = UUID.randomUUID().toString();
		UUID eventId = UUID.randomUUID();
		String payload = confirmationPayload("grace-" + eventId + "@example.com", "Grace Hopper",
				"https://example.com/confirm?token=" + eventId, "2026-11-26T11:00:00Z");

		// twice in a row, then again once the first mail has landed
		produce(userId, eventId, "UserRegistered", payload);
		produce(userId, eventId, "UserRegistered", payload);
		awaitMarkerMail(userId);
		assertThat(services.mailsWithId(eventId)).hasSize(1);
		produce(userId, eventId, "UserRegistered", payload);
		awaitMarkerMail(userId);
		awaitNoLag();

		assertThat(services.mailsWithId(eventId)).hasSize(1);
		assertThat(ledgerRows(eventId)).isEqualTo(1);
		assertThat(output.getAll()
			.lines()
			.filter((line) -> line.contains(eventId + " (") && line.contains("already sent"))).hasSize(2);
	}

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
	void sendsOneOrderConfirmationPerOrderPlacedEventWhenTheRecordRepeats() throws Exception {
		UUID orderId = UUID.randomUUID();
		UUID eventId = UUID.randomUUID();
		String email = "ada-" + eventId + "@example.com";
		String payload = orderPayload(orderId, email, "+447700900123");

		produceOrder(orderId, eventId, payload);
		produceOrder(orderId, eventId, payload);
		awaitMarkerOrder(orderId);
		awaitNoLag();

		assertThat(services.mailsWithId(eventId)).hasSize(1);
		MimeMessage mail = services.mailsWithId(eventId).get(0);
		assertThat(mail.getAllRecipients()).extracting(Address::toString).containsExactly(email);
		assertThat(mail.getSubject()).isEqualTo("Your order " + orderId.toString().substring(0, 8));
		MimeMultipart alternatives = (MimeMultipart) mail.getContent();
		assertThat((String) alternatives.getBodyPart(0).getContent()).contains("Hi Ada Lovelace,")
			.contains("2 x Notes on the Analytical Engine at EUR 12.50: EUR 25.00")
			.contains("1 x Fountain pen at EUR 3.20: EUR 3.20")
			.contains("Total: EUR 28.20");
		assertThat((String) alternatives.getBodyPart(1).getContent())
			.contains("<td>Notes on the Analytical Engine</td><td>2</td><td>EUR 12.50</td><td>EUR 25.00</td>");
		assertThat(ledgerRows(eventId)).isEqualTo(1);
		assertThat(sms.sentFor(eventId)).hasSize(1);
	}

	@Test
	void sendsOneMailAndOneSmsPerOrderPlacedEvent() throws Exception {
		UUID orderId = UUID.randomUUID();
		List<UUID> eventIds = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			UUID eventId = UUID.randomUUID();
			eventIds.add(eventId);
			String payload = orderPayload(orderId, "order-" + eventId + "@example.com", "+4477009001" + i + i);
			produceOrder(orderId, eventId, payload);
			produceOrder(orderId, eventId, payload);
		}
		awaitMarkerOrder(orderId);
		awaitNoLag();

		assertThat(eventIds).allSatisfy((eventId) -> {
			assertThat(services.mailsWithId(eventId)).hasSize(1);
			assertThat(ledgerRows(eventId)).isEqualTo(1);
			assertThat(sms.sentFor(eventId)).hasSize(1);
			assertThat(smsLedgerRows(eventId)).isEqualTo(1);
		});
		assertThat(sms.sentFor(eventIds.get(3))).singleElement()
			.satisfies((message) -> assertThat(message.phoneNumber()).isEqualTo("+447700900133"));
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

	@Test
	void makesAConcurrentDuplicateWaitForTheFirstDeliveryAndThenSkip() throws Exception {
		assertThat(claimConcurrently(true)).containsExactly(true, false);
	}

	@Test
	void letsAConcurrentDuplicateSendWhenTheFirstDeliveryFails() throws Exception {
		assertThat(claimConcurrently(false)).containsExactly(true, true);
	}

	/**
	 * Claims one event in two transactions at once: the second claim starts while the
	 * first transaction is open, and must wait on the event id's key until the first
	 * commits or rolls back.
	 * @return whether each claim won
	 */
	private List<Boolean> claimConcurrently(boolean firstCommits) throws Exception {
		ReceivedEvent event = new ReceivedEvent(UUID.randomUUID(), "UserRegistered", "user-1", "{}".getBytes(UTF_8),
				"test");
		CountDownLatch firstClaimed = new CountDownLatch(1);
		CountDownLatch firstMayEnd = new CountDownLatch(1);
		ExecutorService threads = Executors.newFixedThreadPool(2);
		try {
			Future<Boolean> first = threads.submit(() -> this.transactions.execute((status) -> {
				boolean won = this.ledger.claim(MailDelivery.LEDGER, event,
						Map.of("recipient", "ada@example.com", "message_id", "<first>"));
				firstClaimed.countDown();
				awaitLatch(firstMayEnd);
				if (!firstCommits) {
					status.setRollbackOnly();
				}
				return won;
			}));
			assertThat(firstClaimed.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
			Future<Boolean> second = threads.submit(() -> this.transactions.execute((status) -> this.ledger
				.claim(MailDelivery.LEDGER, event, Map.of("recipient", "ada@example.com", "message_id", "<second>"))));
			await().atMost(PATIENCE).until(this::sessionsWaitingForALock, (waiting) -> waiting > 0);
			assertThat(second).isNotDone();
			firstMayEnd.countDown();
			return List.of(first.get(30, TimeUnit.SECONDS), second.get(30, TimeUnit.SECONDS));
		}
		finally {
			firstMayEnd.countDown();
			threads.shutdownNow();
		}
	}

	private int sessionsWaitingForALock() {
		return this.jdbc.sql("""
				select count(*) from pg_stat_activity
				where datname = current_database() and wait_event_type = 'Lock'""").query(Integer.class).single();
	}

	private static void awaitLatch(CountDownLatch latch) {
		try {
			assertThat(latch.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private RecordMetadata produce(String key, @Nullable UUID eventId, String eventType, String payload)
			throws Exception {
		return produce(TOPIC, "User", key, eventId, eventType, payload);
	}

	private RecordMetadata produceOrder(UUID orderId, UUID eventId, String payload) throws Exception {
		return produce(ORDER_TOPIC, "Order", orderId.toString(), eventId, "OrderPlaced", payload);
	}

	private RecordMetadata produce(String topic, String aggregateType, String key, @Nullable UUID eventId,
			String eventType, String payload) throws Exception {
		ProducerRecord<String, byte[]> record = event(topic, null, key, eventId, eventType, payload);
		record.headers().add("aggregate-type", aggregateType.getBytes(UTF_8));
		record.headers().add("occurred-at", Instant.now().toString().getBytes(UTF_8));
		record.headers().add("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01".getBytes(UTF_8));
		return send(this.kafka, record);
	}

	/**
	 * Produces a valid event for the user and waits for its mail: once it is there, every
	 * record produced before it for the same user (same partition) has been handled.
	 */
	private void awaitMarkerMail(String userId) throws Exception {
		UUID marker = UUID.randomUUID();
		produce(userId, marker, "UserRegistered", confirmationPayload("marker-" + marker + "@example.com", "Marker",
				"https://example.com/confirm?token=" + marker, null));
		services.awaitMail(marker);
	}

	/**
	 * Produces a valid order with a phone number and waits for its mail and its SMS: once
	 * both are there, every record produced before it for the same order has been handled
	 * by both groups.
	 */
	private void awaitMarkerOrder(UUID orderId) throws Exception {
		UUID marker = UUID.randomUUID();
		produceOrder(orderId, marker, orderPayload(orderId, "marker-" + marker + "@example.com", "+447700900999"));
		services.awaitMail(marker);
		await().atMost(PATIENCE).until(() -> sms.sentFor(marker), (sent) -> !sent.isEmpty());
	}

	/** Both groups have handled every record so far: a late repeat would be counted. */
	private static void awaitNoLag() {
		MailRelayTestServices.awaitNoLag(services.broker(), "mail-relay", PATIENCE, TOPIC, ORDER_TOPIC);
		MailRelayTestServices.awaitNoLag(services.broker(), "sms-notifier", PATIENCE, ORDER_TOPIC);
	}

	private int ledgerRows(UUID eventId) {
		return this.jdbc.sql("select count(*) from sent_mail where event_id = ?")
			.param(eventId)
			.query(Integer.class)
			.single();
	}

	private int smsLedgerRows(UUID eventId) {
		return this.jdbc.sql("select count(*) from sent_sms where event_id = ?")
			.param(eventId)
			.query(Integer.class)
			.single();
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

	private static String confirmationPayload(String email, String name, String link, @Nullable String expiresAt) {
		return """
				{"userId": "%s", "email": "%s", "name": "%s", "confirmationLink": "%s"%s}""".formatted(
				UUID.randomUUID(), email, name, link,
				(expiresAt != null) ? ", \"confirmationExpiresAt\": \"" + expiresAt + "\"" : "");
	}

	private static String orderPayload(UUID orderId, String email, String phone) {
		return """
				{"orderId": "%s", "userId": "%s", "email": "%s", "name": "Ada Lovelace", "phone": "%s",
				 "lines": [{"sku": "BOOK-001", "title": "Notes on the Analytical Engine", "quantity": 2, "unitPrice": "12.50"},
				           {"sku": "PEN-042", "title": "Fountain pen", "quantity": 1, "unitPrice": "3.20"}],
				 "currency": "EUR", "total": "28.20", "placedAt": "%s"}"""
			.formatted(orderId, UUID.randomUUID(), email, phone, Instant.now());
	}

}
