package io.github.outbox.mailrelay;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.mail.Address;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.InternetAddress;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;
import org.junit.jupiter.api.Test;

import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.BadSqlGrammarException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.mail.MailAuthenticationException;
import org.springframework.mail.MailPreparationException;
import org.springframework.mail.MailSendException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.BackOffExecution;

import io.github.outbox.mailrelay.FailureHandling.Kind;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

class FailureHandlingTests {

	private static final ReceivedEvent EVENT = new ReceivedEvent(UUID.randomUUID(), "UserRegistered", "user-1",
			"{}".getBytes(UTF_8), "outbox.event.User-0@0");

	private static final MailRelayProperties.Retry RETRY = new MailRelayProperties.Retry(java.time.Duration.ofMillis(1),
			1.0, java.time.Duration.ofMillis(1), 3);

	@Test
	void deadLettersRecordsThatCanNeverBeHandledAtOnce() throws Exception {
		assertThat(kindOf(new MalformedEventException("no event-id"))).isEqualTo(Kind.PERMANENT);
		assertThat(kindOf(new UnknownEventTypeException(EVENT, Set.of()))).isEqualTo(Kind.PERMANENT);
		assertThat(kindOf(new MailPreparationException("cannot encode"))).isEqualTo(Kind.PERMANENT);
		assertThat(kindOf(smtpFailure(recipientRefused(550)))).isEqualTo(Kind.PERMANENT);
		assertThat(kindOf(smtpFailure(messageRefused(".", 554)))).isEqualTo(Kind.PERMANENT);
		assertThat(kindOf(smtpFailure(new MessagingException("Can't send command to SMTP host",
				new IllegalArgumentException("Command contains illegal character: 0x0d")))))
			.isEqualTo(Kind.PERMANENT);
	}

	@Test
	void retriesOutagesOfTheSmtpServerOrTheDatabaseWithoutLimit() throws Exception {
		MessagingException refused = new MessagingException("Couldn't connect", new ConnectException("refused"));
		assertThat(kindOf(smtpFailure(refused))).isEqualTo(Kind.TRANSIENT);
		assertThat(kindOf(smtpFailure(
				new MessagingException("Exception reading response", new SocketTimeoutException("Read timed out")))))
			.isEqualTo(Kind.TRANSIENT);
		assertThat(kindOf(smtpFailure(recipientRefused(451)))).isEqualTo(Kind.TRANSIENT);
		assertThat(kindOf(smtpFailure(messageRefused(".", 452)))).isEqualTo(Kind.TRANSIENT);
		assertThat(kindOf(smtpFailure(senderRefused()))).isEqualTo(Kind.TRANSIENT);
		assertThat(kindOf(new SmtpUnavailableException("STARTTLS is required", new MessagingException("no TLS"))))
			.isEqualTo(Kind.TRANSIENT);
		assertThat(kindOf(new MailAuthenticationException(new AuthenticationFailedException("535"))))
			.isEqualTo(Kind.TRANSIENT);
		assertThat(kindOf(new CannotGetJdbcConnectionException("down", new SQLException("refused", "08001"))))
			.isEqualTo(Kind.TRANSIENT);
		assertThat(kindOf(new DataAccessResourceFailureException("down"))).isEqualTo(Kind.TRANSIENT);
		assertThat(kindOf(new CannotAcquireLockException("lock timeout"))).isEqualTo(Kind.TRANSIENT);
		assertThat(kindOf(new CannotCreateTransactionException("no connection"))).isEqualTo(Kind.TRANSIENT);
	}

	@Test
	void triesBugsAFewTimesThenDeadLettersThem() throws Exception {
		assertThat(kindOf(new BadSqlGrammarException("insert", "insert into sent_mai",
				new SQLException("relation does not exist", "42P01"))))
			.isEqualTo(Kind.UNEXPECTED);
		assertThat(kindOf(new NullPointerException())).isEqualTo(Kind.UNEXPECTED);
		assertThat(kindOf(new MailSendException("neither a reply nor I/O"))).isEqualTo(Kind.UNEXPECTED);
	}

	@Test
	void letsAPermanentCauseWinOverATransientOne() throws Exception {
		assertThat(kindOf(new MailPreparationException("cannot write",
				new SmtpUnavailableException("down", new IOException("reset")))))
			.isEqualTo(Kind.PERMANENT);
		assertThat(kindOf(new SmtpUnavailableException("down", new MalformedEventException("no event-id"))))
			.isEqualTo(Kind.PERMANENT);
	}

	@Test
	void errorHandlerDeadLettersAPermanentFailureOnTheFirstAttempt() throws Exception {
		List<Exception> deadLettered = new ArrayList<>();
		DefaultErrorHandler handler = handler(deadLettered);

		boolean recovered = handler.handleOne(fromListener(smtpFailure(recipientRefused(550))), record(),
				mock(Consumer.class), mock(MessageListenerContainer.class));

		assertThat(recovered).isTrue();
		assertThat(deadLettered).singleElement()
			.satisfies((ex) -> assertThat(FailureHandling.reason(ex)).startsWith("MailRefusedException: ")
				.contains("550"));
	}

	@Test
	void errorHandlerDeadLettersAnUnexpectedFailureAfterTheConfiguredAttempts() throws Exception {
		List<Exception> deadLettered = new ArrayList<>();
		DefaultErrorHandler handler = handler(deadLettered);
		ConsumerRecord<String, byte[]> record = record();
		Exception bug = fromListener(new NullPointerException("bug"));
		Consumer<?, ?> consumer = mock(Consumer.class);
		MessageListenerContainer container = mock(MessageListenerContainer.class);

		assertThat(handler.handleOne(bug, record, consumer, container)).isFalse();
		assertThat(handler.handleOne(bug, record, consumer, container)).isFalse();
		assertThat(handler.handleOne(bug, record, consumer, container)).isTrue();
		assertThat(deadLettered).hasSize(1);
	}

	@Test
	void errorHandlerNeverDeadLettersAnOutage() throws Exception {
		List<Exception> deadLettered = new ArrayList<>();
		DefaultErrorHandler handler = handler(deadLettered);
		ConsumerRecord<String, byte[]> record = record();
		Exception outage = fromListener(new DataAccessResourceFailureException("database down"));

		for (int attempt = 0; attempt < 20; attempt++) {
			assertThat(handler.handleOne(outage, record, mock(Consumer.class), mock(MessageListenerContainer.class)))
				.isFalse();
		}
		assertThat(deadLettered).isEmpty();
	}

	@Test
	void outageBackOffGrowsToItsCeilingAndNeverStops() throws Exception {
		MailRelayProperties.Retry retry = new MailRelayProperties.Retry(java.time.Duration.ofSeconds(1), 2.0,
				java.time.Duration.ofSeconds(30), 5);
		BackOffExecution execution = retry.outageBackOff().start();
		List<Long> waits = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			waits.add(execution.nextBackOff());
		}
		assertThat(waits).containsExactly(1000L, 2000L, 4000L, 8000L, 16000L, 30000L, 30000L, 30000L, 30000L, 30000L);
		assertThat(retry.unexpectedFailureBackOff().start()).satisfies((unexpected) -> {
			for (int i = 0; i < 4; i++) {
				assertThat(unexpected.nextBackOff()).isNotEqualTo(BackOffExecution.STOP);
			}
			assertThat(unexpected.nextBackOff()).isEqualTo(BackOffExecution.STOP);
		});
	}

	@Test
	void namesTheDeadLetterTopicOfEachGroup() throws Exception {
		assertThat(FailureHandling.deadLetterTopic("outbox.event.User", "mail-relay", "mail-relay"))
			.isEqualTo("outbox.event.User-dlt");
		assertThat(FailureHandling.deadLetterTopic("outbox.event.Order", "sms-notifier", "mail-relay"))
			.isEqualTo("outbox.event.Order-sms-notifier-dlt");
	}

	private static DefaultErrorHandler handler(List<Exception> deadLettered) {
		DefaultErrorHandler handler = new DefaultErrorHandler((record, ex) -> deadLettered.add(ex),
				RETRY.unexpectedFailureBackOff());
		handler.addNotRetryableExceptions(FailureHandling.PERMANENT.toArray(Class[]::new));
		handler.setBackOffFunction((record, ex) -> (FailureHandling.classify(ex) == Kind.TRANSIENT)
				? RETRY.outageBackOff() : (BackOff) null);
		return handler;
	}

	private static Kind kindOf(Exception failure) {
		return FailureHandling.classify(fromListener(failure));
	}

	/** What {@link SmtpConnections} makes of a failed send. */
	private static RuntimeException smtpFailure(MessagingException failure) {
		return SmtpConnections.failure(failure);
	}

	/** As Jakarta Mail reports a refused {@code RCPT TO}: chained in a send failure. */
	private static SendFailedException recipientRefused(int code) throws MessagingException {
		InternetAddress recipient = new InternetAddress("nobody@example.com");
		SMTPAddressFailedException refused = new SMTPAddressFailedException(recipient, "RCPT TO:<nobody@example.com>",
				code, code + " 5.1.1 no such user");
		Address[] none = new Address[0];
		Address[] addresses = { recipient };
		return new SMTPSendFailedException("RCPT TO", code, "Invalid Addresses", refused, none,
				(code < 500) ? addresses : none, (code >= 500) ? addresses : none);
	}

	private static SMTPSendFailedException messageRefused(String command, int code) {
		return new SMTPSendFailedException(command, code, code + " message refused", null, null, null, null);
	}

	private static SMTPSendFailedException senderRefused() throws MessagingException {
		SMTPSendFailedException mailFrom = new SMTPSendFailedException("MAIL FROM:<no-reply@example.com>", 553,
				"553 sender not allowed", null, null, null, null);
		mailFrom.setNextException(new SMTPSenderFailedException(new InternetAddress("no-reply@example.com"),
				"MAIL FROM:<no-reply@example.com>", 553, "553 sender not allowed"));
		return mailFrom;
	}

	private static ConsumerRecord<String, byte[]> record() {
		ConsumerRecord<String, byte[]> record = new ConsumerRecord<>("outbox.event.User", 0, 7, "user-1",
				"{}".getBytes(UTF_8));
		record.headers().add("event-id", EVENT.id().toString().getBytes(UTF_8));
		return record;
	}

	private static ListenerExecutionFailedException fromListener(Exception cause) {
		return new ListenerExecutionFailedException("Listener failed", cause);
	}

}
