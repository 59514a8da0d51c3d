package io.github.outbox.mailrelay;

import java.time.Instant;
import java.util.UUID;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.github.outbox.mailrelay.sms.RecordingSmsSender;
import io.github.outbox.testsupport.TestKafka;

import static io.github.outbox.mailrelay.MailRelayTestServices.PATIENCE;
import static io.github.outbox.mailrelay.MailRelayTestServices.event;
import static io.github.outbox.mailrelay.MailRelayTestServices.send;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.awaitility.Awaitility.await;

/**
 * mail-relay against real services, started for each test class: a KRaft broker
 * in-process, the project's PostgreSQL server (a throw-away database) and a GreenMail
 * SMTP server; the SMS notifier's messages go to a recording sender. Each topic has one
 * partition, so records are handled in the order they are produced. The subclasses test
 * one behaviour each with the events and markers produced here.
 */
@SpringBootTest(properties = { "mail-relay.retry.initial-interval=100ms", "mail-relay.retry.max-interval=400ms" })
@ContextConfiguration(initializers = RecordingSmsSender.Registration.class)
@DirtiesContext
@ExtendWith(OutputCaptureExtension.class)
abstract class AbstractMailRelayIntegrationTests {

	static final String TOPIC = "outbox.event.User";

	static final String ORDER_TOPIC = "outbox.event.Order";

	@RegisterExtension
	static final MailRelayTestServices services = MailRelayTestServices
		.of(() -> TestKafka.start().createTopic(TOPIC, 1).createTopic(ORDER_TOPIC, 1), "mail_relay_it");

	static final RecordingSmsSender sms = RecordingSmsSender.INSTANCE;

	@DynamicPropertySource
	static void serviceProperties(DynamicPropertyRegistry registry) {
		services.register(registry);
	}

	@Autowired
	KafkaTemplate<String, byte[]> kafka;

	@Autowired
	JdbcClient jdbc;

	RecordMetadata produce(String key, @Nullable UUID eventId, String eventType, String payload) throws Exception {
		return produce(TOPIC, "User", key, eventId, eventType, payload);
	}

	RecordMetadata produceOrder(UUID orderId, UUID eventId, String payload) throws Exception {
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
	void awaitMarkerMail(String userId) throws Exception {
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
	void awaitMarkerOrder(UUID orderId) throws Exception {
		UUID marker = UUID.randomUUID();
		produceOrder(orderId, marker, orderPayload(orderId, "marker-" + marker + "@example.com", "+447700900999"));
		services.awaitMail(marker);
		await().atMost(PATIENCE).until(() -> sms.sentFor(marker), (sent) -> !sent.isEmpty());
	}

	/** Both groups have handled every record so far: a late repeat would be counted. */
	static void awaitNoLag() {
		MailRelayTestServices.awaitNoLag(services.broker(), "mail-relay", PATIENCE, TOPIC, ORDER_TOPIC);
		MailRelayTestServices.awaitNoLag(services.broker(), "sms-notifier", PATIENCE, ORDER_TOPIC);
	}

	int ledgerRows(UUID eventId) {
		return this.jdbc.sql("select count(*) from sent_mail where event_id = ?")
			.param(eventId)
			.query(Integer.class)
			.single();
	}

	static String confirmationPayload(String email, String name, String link, @Nullable String expiresAt) {
		return """
				{"userId": "%s", "email": "%s", "name": "%s", "confirmationLink": "%s"%s}""".formatted(
				UUID.randomUUID(), email, name, link,
				(expiresAt != null) ? ", \"confirmationExpiresAt\": \"" + expiresAt + "\"" : "");
	}

	static String orderPayload(UUID orderId, String email, String phone) {
		return """
				{"orderId": "%s", "userId": "%s", "email": "%s", "name": "Ada Lovelace", "phone": "%s",
				 "lines": [{"sku": "BOOK-001", "title": "Notes on the Analytical Engine", "quantity": 2, "unitPrice": "12.50"},
				           {"sku": "PEN-042", "title": "Fountain pen", "quantity": 1, "unitPrice": "3.20"}],
				 "currency": "EUR", "total": "28.20", "placedAt": "%s"}"""
			.formatted(orderId, UUID.randomUUID(), email, phone, Instant.now());
	}

}
