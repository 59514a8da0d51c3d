package io.github.outbox.mailrelay;

import java.net.ConnectException;
import java.util.Map;
import java.util.UUID;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.InternetAddress;
import org.junit.jupiter.api.Test;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.mail.MailAuthenticationException;
import org.springframework.mail.MailSendException;
import org.springframework.transaction.CannotCreateTransactionException;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

class FailureHandlingTests {

	private static final ReceivedEvent EVENT = new ReceivedEvent(UUID.randomUUID(), "UserRegistered", "user-1",
			"{}".getBytes(UTF_8), "outbox.event.User-0@0");

	@Test
	void treatsRecordsThatCanNeverBeHandledAsPoison() {
		assertThat(FailureHandling.isPoison(fromListener(new MalformedEventException("no event-id")))).isTrue();
		assertThat(FailureHandling.isPoison(fromListener(new UnknownEventTypeException(EVENT, java.util.Set.of()))))
			.isTrue();
		assertThat(FailureHandling.isPoison(fromListener(new RecipientRejectedException(EVENT, rejected())))).isTrue();
		assertThat(FailureHandling.isOutage(fromListener(new RecipientRejectedException(EVENT, rejected())))).isFalse();
	}

	@Test
	void treatsAnUnreachableSmtpServerOrDatabaseAsAnOutage() {
		MessagingException refused = new MessagingException("Couldn't connect", new ConnectException("refused"));
		assertThat(FailureHandling.isOutage(fromListener(
				new MailSendException("Mail server connection failed", refused, Map.of(new Object(), refused)))))
			.isTrue();
		assertThat(FailureHandling.isOutage(fromListener(new MailAuthenticationException("535 bad credentials"))))
			.isTrue();
		assertThat(FailureHandling.isOutage(fromListener(new DataAccessResourceFailureException("down")))).isTrue();
		assertThat(FailureHandling.isOutage(fromListener(new CannotCreateTransactionException("no connection"))))
			.isTrue();
	}

	@Test
	void treatsOtherFailuresAsNeither() {
		assertThat(FailureHandling.isOutage(fromListener(new IllegalStateException("bug")))).isFalse();
		assertThat(FailureHandling.isPoison(fromListener(new IllegalStateException("bug")))).isFalse();
	}

	@Test
	void tellsAPermanentlyRejectedRecipientFromATemporaryFailure() throws Exception {
		assertThat(MailDelivery.rejectsRecipient(rejected())).isTrue();

		Address[] greylisted = { new InternetAddress("ada@example.com") };
		SendFailedException temporary = new SendFailedException("451 try again later", null, new Address[0], greylisted,
				null);
		assertThat(MailDelivery.rejectsRecipient(new MailSendException(Map.of(new Object(), temporary)))).isFalse();
	}

	private static MailSendException rejected() {
		try {
			Address[] invalid = { new InternetAddress("nobody@example.com") };
			SendFailedException failure = new SendFailedException("550 no such user", null, new Address[0],
					new Address[0], invalid);
			return new MailSendException(Map.of(new Object(), failure));
		}
		catch (MessagingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static ListenerExecutionFailedException fromListener(Exception cause) {
		return new ListenerExecutionFailedException("Listener failed", cause);
	}

}
