package io.github.outbox.mailrelay;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.util.StreamProvider;
import org.eclipse.angus.mail.util.MailStreamProvider;
import org.junit.jupiter.api.Test;

import org.springframework.mail.javamail.JavaMailSenderImpl;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.mockito.Mockito.mock;

class MailDeliveryTests {

	private static final MailRelayProperties SETTINGS = new MailRelayProperties(List.of("outbox.event.User"),
			"Example <no-reply@example.com>", "mail.example.com",
			new MailRelayProperties.Retry(Duration.ofSeconds(1), 2.0, Duration.ofSeconds(30), 5));

	private final RecordingLedger ledger = new RecordingLedger();

	private final RecordingSmtp smtp = new RecordingSmtp();

	private final MailDelivery delivery = new MailDelivery(this.ledger, new JavaMailSenderImpl(), this.smtp, SETTINGS);

	@Test
	void sendsTheMailWithTheEventsMessageIdAndRecordsItsRecipient() throws Exception {
		ReceivedEvent event = event();

		this.delivery.deliverOnce(event, new Mail("ada@xn--pklad-zsa96e.cz", "Confirm your account", "text", "html"));

		MimeMessage sent = this.smtp.sent.get(0);
		assertThat(this.smtp.sent).hasSize(1);
		assertThat(sent.getMessageID()).isEqualTo("<" + event.id() + "@mail.example.com>");
		assertThat(sent.getAllRecipients()).extracting(Address::toString).containsExactly("ada@xn--pklad-zsa96e.cz");
		assertThat(sent.getFrom()).extracting(Address::toString).containsExactly("Example <no-reply@example.com>");
		assertThat(sent.getSubject()).isEqualTo("Confirm your account");
		assertThat(this.ledger.claims).containsExactly(
				Map.of("recipient", "ada@xn--pklad-zsa96e.cz", "message_id", "<" + event.id() + "@mail.example.com>"));
	}

	@Test
	void sendsNothingForAnEventTheLedgerAlreadyHolds() {
		this.ledger.alreadyClaimed = true;

		this.delivery.deliverOnce(event(), new Mail("ada@example.com", "Confirm your account", "text", "html"));

		assertThat(this.smtp.sent).isEmpty();
	}

	@Test
	void letsASendFailureRollTheClaimBack() {
		this.smtp.failure = new SmtpUnavailableException("down", new IllegalStateException());

		assertThatExceptionOfType(SmtpUnavailableException.class).isThrownBy(() -> this.delivery.deliverOnce(event(),
				new Mail("ada@example.com", "Confirm your account", "text", "html")));
		assertThat(this.ledger.completed).isZero();
	}

	@Test
	void namesAngusStreamProviderSoThatJakartaMailSkipsItsServiceLoaderSearch() {
		// the bean names the provider as the context creates it
		new JakartaMailStreamProvider();
		assertThat(JakartaMailStreamProvider.PROPERTY).isEqualTo(StreamProvider.class.getName());
		assertThat(System.getProperty(JakartaMailStreamProvider.PROPERTY))
			.isEqualTo(MailStreamProvider.class.getName());
		assertThat(StreamProvider.provider()).isInstanceOf(MailStreamProvider.class);
	}

	private static ReceivedEvent event() {
		return new ReceivedEvent(UUID.randomUUID(), "UserRegistered", "user-1", "{}".getBytes(UTF_8),
				"outbox.event.User-0@0");
	}

	/**
	 * A ledger without a database: claims are recorded, and the effect runs unless the
	 * event is said to be claimed already; an effect that throws completes nothing.
	 */
	private static final class RecordingLedger extends EventLedger {

		final List<Map<String, ?>> claims = new ArrayList<>();

		boolean alreadyClaimed;

		int completed;

		RecordingLedger() {
			super(mock(org.springframework.jdbc.core.simple.JdbcClient.class),
					mock(org.springframework.transaction.support.TransactionTemplate.class));
		}

		@Override
		public boolean once(String table, ReceivedEvent event, Map<String, ?> columns, Runnable effect) {
			if (this.alreadyClaimed) {
				return false;
			}
			effect.run();
			this.claims.add(columns);
			this.completed++;
			return true;
		}

	}

	private static final class RecordingSmtp extends SmtpConnections {

		final List<MimeMessage> sent = new ArrayList<>();

		RuntimeException failure;

		RecordingSmtp() {
			super(new JavaMailSenderImpl());
		}

		@Override
		void send(MimeMessage message) {
			if (this.failure != null) {
				throw this.failure;
			}
			try {
				message.saveChanges();
			}
			catch (MessagingException ex) {
				throw new IllegalStateException(ex);
			}
			this.sent.add(message);
		}

	}

}
