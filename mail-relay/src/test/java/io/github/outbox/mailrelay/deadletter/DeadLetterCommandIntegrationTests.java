package io.github.outbox.mailrelay.deadletter;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import jakarta.mail.internet.MimeMessage;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.github.outbox.mailrelay.Mail;
import io.github.outbox.mailrelay.MailComposer;
import io.github.outbox.mailrelay.MailRelayTestServices;
import io.github.outbox.mailrelay.ReceivedEvent;
import io.github.outbox.testsupport.TestKafka;

import static io.github.outbox.mailrelay.MailRelayTestServices.PATIENCE;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@code dead-letters} command against real services: a KRaft broker in-process, the
 * project's PostgreSQL server (a throw-away database for the ledger) and GreenMail. The
 * monolith publishes an event of a type mail-relay does not handle yet, so mail-relay
 * dead-letters it; once mail-relay is upgraded with a composer for the type, the operator
 * re-drives the event and its mail goes out, once. The command runs in this JVM, as
 * {@code main} would run it, with its output captured.
 */
class DeadLetterCommandIntegrationTests {

	private static final String TOPIC = "outbox.event.User";

	private static final String NEW_TYPE = "AccountClosed";

	@RegisterExtension
	static final MailRelayTestServices services = MailRelayTestServices
		.of(() -> TestKafka.start().createTopic(TOPIC, 1), "mail_relay_dead_letters_it");

	@Test
	void listsADeadLetteredEventAndRedrivesItIntoOneMailOnceMailRelayHandlesItsType() throws Exception {
		String userId = UUID.randomUUID().toString();
		UUID eventId = UUID.randomUUID();
		RecordMetadata produced;
		try (ConfigurableApplicationContext unaware = services.startMailRelay()) {
			produced = produce(userId, eventId, NEW_TYPE);
			await().atMost(PATIENCE)
				.pollInterval(Duration.ofMillis(500))
				.until(() -> command("dead-letters", "list").out().contains("event-id=" + eventId));
		}

		// mail-relay is stopped from here until it runs again with the new composer
		Result list = command("dead-letters", "list");
		assertThat(list.status()).isZero();
		assertThat(list.lines()).hasSize(2);
		assertThat(list.lines().get(0)).matches("dead-letter outbox\\.event\\.User-dlt-0@0 event-id=" + eventId
				+ " event-type=AccountClosed original=outbox\\.event\\.User-0@" + produced.offset()
				+ " dead-lettered-at=\\d{4}-\\d\\d-\\d\\dT\\S+Z"
				+ " exception=io\\.github\\.outbox\\.mailrelay\\.UnknownEventTypeException"
				+ " message=\"No mail for AccountClosed event " + eventId + " .*'AccountClosed' is not one of .*\"");
		assertThat(list.lines().get(1)).isEqualTo("dead-letters=1 topics=outbox.event.User-dlt,outbox.event.Order-dlt");

		Result unknownEvent = command("dead-letters", "redrive", "--event-id=" + UUID.randomUUID());
		assertThat(unknownEvent.status()).isEqualTo(1);
		assertThat(unknownEvent.err()).startsWith("dead-letters: no dead letter with event id")
			.endsWith("in [outbox.event.User-dlt, outbox.event.Order-dlt]; nothing re-driven" + System.lineSeparator());
		Result unknownTopic = command("dead-letters", "list", "--topic=outbox.event.Nobody-dlt");
		assertThat(unknownTopic.status()).isEqualTo(1);
		assertThat(unknownTopic.err())
			.isEqualTo("dead-letters: Topic outbox.event.Nobody-dlt does not exist" + System.lineSeparator());

		Result redrive = command("dead-letters", "redrive", "--event-id=" + eventId);
		assertThat(redrive.status()).isZero();
		assertThat(redrive.lines()).containsExactly(
				"redriven outbox.event.User-dlt-0@0 event-id=" + eventId + " to=outbox.event.User-0@"
						+ (produced.offset() + 1),
				"redriven=1 skipped=0 topics=outbox.event.User-dlt,outbox.event.Order-dlt");
		// the command neither sent the mail nor consumed as mail-relay's group
		assertThat(mailsFor(eventId)).isEmpty();
		assertThat(services.committedOffset(produced)).isEqualTo(produced.offset() + 1);

		try (ConfigurableApplicationContext upgraded = services.startMailRelay(AccountClosedMail.class)) {
			await().atMost(PATIENCE).until(() -> mailsFor(eventId), (mails) -> mails.size() == 1);

			assertThat(command("dead-letters", "redrive", "--all").lines()).containsExactly(
					"redriven outbox.event.User-dlt-0@0 event-id=" + eventId + " to=outbox.event.User-0@"
							+ (produced.offset() + 2),
					"redriven=1 skipped=0 topics=outbox.event.User-dlt,outbox.event.Order-dlt");
			// a later event of the same user: once its mail is out, the second
			// re-drive was handled
			UUID later = UUID.randomUUID();
			produce(userId, later, NEW_TYPE);
			await().atMost(PATIENCE).until(() -> mailsFor(later), (mails) -> !mails.isEmpty());

			assertThat(mailsFor(eventId)).hasSize(1);
			assertThat(upgraded.getBean(JdbcClient.class)
				.sql("select count(*) from sent_mail where event_id = ?")
				.param(eventId)
				.query(Integer.class)
				.single()).isEqualTo(1);
		}
	}

	private static Result command(String... args) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		String[] withKafka = Stream
			.concat(Arrays.stream(args),
					Stream.of("--spring.kafka.bootstrap-servers=" + services.broker().bootstrapServers()))
			.toArray(String[]::new);
		int status = DeadLetterCommand
			.run(new CommandOutput(new PrintStream(out, true, UTF_8), new PrintStream(err, true, UTF_8)), withKafka);
		return new Result(status, out.toString(UTF_8), err.toString(UTF_8));
	}

	private static RecordMetadata produce(String userId, UUID eventId, String eventType) throws Exception {
		Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
				services.broker().bootstrapServers());
		try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(),
				new StringSerializer())) {
			ProducerRecord<String, String> record = new ProducerRecord<>(TOPIC, userId,
					"{\"userId\": \"" + userId + "\"}");
			record.headers().add("event-id", eventId.toString().getBytes(UTF_8));
			record.headers().add("event-type", eventType.getBytes(UTF_8));
			return producer.send(record).get(10, TimeUnit.SECONDS);
		}
	}

	/**
	 * The mails of an event of the new type: the composer sends each to an address of its
	 * own.
	 */
	private static List<MimeMessage> mailsFor(UUID eventId) {
		return List.of(services.smtp().getReceivedMessagesForDomain(AccountClosedMail.recipient(eventId)));
	}

	private record Result(int status, String out, String err) {

		List<String> lines() {
			return this.out.lines().toList();
		}

	}

	/**
	 * The composer a later mail-relay has for an event type an earlier one did not know.
	 */
	static final class AccountClosedMail implements MailComposer {

		@Override
		public String eventType() {
			return NEW_TYPE;
		}

		static String recipient(UUID eventId) {
			return "closed-" + eventId + "@example.com";
		}

		@Override
		public Mail compose(ReceivedEvent event) {
			return new Mail(recipient(event.id()), "Your account is closed", "Your account is closed.",
					"<p>Your account is closed.</p>");
		}

	}

}
