package io.github.outbox.mailrelay;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Date;
import java.util.Deque;
import java.util.List;
import java.util.Map;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.mail.MailAuthenticationException;
import org.springframework.mail.MailPreparationException;
import org.springframework.mail.MailSendException;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/**
 * Open SMTP connections, kept from one mail to the next: one per listener thread that is
 * sending at the moment, so {@code spring.kafka.listener.concurrency} consumers send side
 * by side. {@link JavaMailSenderImpl} connects and says EHLO (and STARTTLS, AUTH) for
 * every mail, which costs more than the mail itself; written here because neither Spring
 * nor Jakarta Mail pools SMTP connections. A connection is dropped after any failure and
 * when it has been idle for {@link #MAX_IDLE}, before a server's own idle time-out.
 * Failures come out as what they mean for the mail (see {@link #send}), read from the
 * server's reply codes.
 */
@Component
class SmtpConnections implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(SmtpConnections.class);

	/** Idle time after which a connection is closed rather than reused. */
	static final Duration MAX_IDLE = Duration.ofSeconds(30);

	private final JavaMailSenderImpl sender;

	/** Connections no thread is using, the most recently used first. */
	private final Deque<IdleConnection> idle = new ArrayDeque<>();

	private boolean closed;

	SmtpConnections(JavaMailSenderImpl sender) {
		this.sender = sender;
	}

	/**
	 * Sends a message to its recipients over an open connection, opening one if none is
	 * free.
	 * @throws MailPreparationException if the message cannot be written out
	 * @throws MailAuthenticationException if the server refuses the credentials
	 * @throws SmtpUnavailableException if the server cannot be reached or used now, or
	 * does not take the mail for now (a 4xx reply, a dropped connection, the sender
	 * refused)
	 * @throws MailRefusedException if the server refuses the recipient or the message for
	 * good (a 5xx reply to {@code RCPT TO} or to the message)
	 */
	void send(MimeMessage message) {
		try {
			if (message.getSentDate() == null) {
				message.setSentDate(new Date());
			}
			message.saveChanges();
		}
		catch (MessagingException ex) {
			throw new MailPreparationException("Could not write the message", ex);
		}
		Transport transport;
		try {
			transport = take();
		}
		catch (AuthenticationFailedException ex) {
			throw new MailAuthenticationException(ex);
		}
		catch (MessagingException ex) {
			throw new SmtpUnavailableException("Could not open a session with the SMTP server " + this.sender.getHost()
					+ ":" + this.sender.getPort() + ": " + ex.getMessage(), ex);
		}
		try {
			transport.sendMessage(message, message.getAllRecipients());
		}
		catch (MessagingException ex) {
			close(transport);
			throw failure(ex);
		}
		giveBack(transport);
	}

	/**
	 * What a failed send means, from the SMTP server's replies that Jakarta Mail chains
	 * into the exception: a 5xx reply to a recipient ({@code RCPT TO}) or to the message
	 * ({@code DATA} and its end) refuses the mail for good; any other reply (4xx, a 5xx
	 * to {@code MAIL FROM}, which names the configured sender, not this mail), or none
	 * because the connection broke, is for now. A command Jakarta Mail refuses to write
	 * (a character SMTP cannot carry) cannot be sent either, ever. A failure with neither
	 * a reply nor an I/O error stays a {@link MailSendException}.
	 */
	static RuntimeException failure(MessagingException ex) {
		List<Throwable> causes = new ArrayList<>();
		for (Throwable cause = ex; cause != null && !causes.contains(cause); cause = cause.getCause()) {
			causes.add(cause);
		}
		for (Throwable cause : causes) {
			if (cause instanceof IllegalArgumentException illegal) {
				// Jakarta Mail refused to write a command: a character SMTP cannot carry
				return new MailPreparationException(
						"The mail cannot be written as SMTP commands: " + illegal.getMessage(), ex);
			}
		}
		for (Throwable cause : causes) {
			if (cause instanceof SMTPAddressFailedException recipient) {
				if (!isPermanent(recipient.getReturnCode())) {
					return unavailable(ex);
				}
				return new MailRefusedException(recipient.getReturnCode(), "The SMTP server refused the recipient "
						+ recipient.getAddress() + " for good: " + recipient.getMessage().strip(), ex);
			}
		}
		for (Throwable cause : causes) {
			if (cause instanceof SMTPSendFailedException refused && isPermanent(refused.getReturnCode())
					&& !isMailFrom(refused.getCommand())) {
				return new MailRefusedException(refused.getReturnCode(),
						"The SMTP server refused the message for good: " + refused.getMessage().strip(), ex);
			}
		}
		if (causes.stream()
			.anyMatch((cause) -> cause instanceof SMTPSendFailedException || cause instanceof SMTPSenderFailedException
					|| cause instanceof IOException)) {
			return unavailable(ex);
		}
		return new MailSendException(Map.of(new Object(), ex));
	}

	private static SmtpUnavailableException unavailable(MessagingException ex) {
		return new SmtpUnavailableException("The SMTP server did not take the mail for now: " + ex.getMessage(), ex);
	}

	private static boolean isPermanent(int replyCode) {
		return replyCode >= 500 && replyCode <= 599;
	}

	private static boolean isMailFrom(@Nullable String command) {
		return command != null && command.regionMatches(true, 0, "MAIL FROM", 0, "MAIL FROM".length());
	}

	private Transport take() throws MessagingException {
		long now = System.nanoTime();
		while (true) {
			IdleConnection connection;
			synchronized (this.idle) {
				connection = this.idle.pollFirst();
			}
			if (connection == null) {
				return open();
			}
			if (now - connection.since() <= MAX_IDLE.toNanos()) {
				return connection.transport();
			}
			close(connection.transport());
		}
	}

	private Transport open() throws MessagingException {
		Transport opened = this.sender.getSession().getTransport(this.sender.getProtocol());
		opened.connect(this.sender.getHost(), this.sender.getPort(), emptyAsNull(this.sender.getUsername()),
				emptyAsNull(this.sender.getPassword()));
		log.debug("Connected to the SMTP server {}:{}", this.sender.getHost(), this.sender.getPort());
		return opened;
	}

	private void giveBack(Transport transport) {
		synchronized (this.idle) {
			if (!this.closed) {
				this.idle.addFirst(new IdleConnection(transport, System.nanoTime()));
				return;
			}
		}
		close(transport);
	}

	private static @Nullable String emptyAsNull(@Nullable String value) {
		return StringUtils.hasLength(value) ? value : null;
	}

	private static void close(Transport transport) {
		try {
			transport.close();
		}
		catch (MessagingException ex) {
			log.debug("Closing an SMTP connection failed", ex);
		}
	}

	@Override
	public void destroy() {
		synchronized (this.idle) {
			this.closed = true;
			this.idle.forEach((connection) -> close(connection.transport()));
			this.idle.clear();
		}
	}

	/** An open connection and since when nobody has used it, in nanoseconds. */
	private record IdleConnection(Transport transport, long since) {
	}

}
