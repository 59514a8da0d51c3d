package io.github.outbox.mailrelay;

import java.time.Duration;
import java.util.Date;
import java.util.Map;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.mail.MailAuthenticationException;
import org.springframework.mail.MailSendException;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/**
 * One SMTP connection, kept open from one mail to the next. {@link JavaMailSenderImpl}
 * connects and says EHLO (and STARTTLS, AUTH) for every mail, which costs more than the
 * mail itself; written here because neither Spring nor Jakarta Mail pools SMTP
 * connections. The connection is dropped after any failure and when it has been idle for
 * {@link #MAX_IDLE}, before a server's own idle time-out; failures come out as Spring's
 * {@link MailSendException} and {@link MailAuthenticationException}, as from the sender.
 */
@Component
class SmtpConnection implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(SmtpConnection.class);

	/** Idle time after which the connection is closed rather than reused. */
	static final Duration MAX_IDLE = Duration.ofSeconds(30);

	private final JavaMailSenderImpl sender;

	private @Nullable Transport transport;

	private long lastUsedNanos;

	SmtpConnection(JavaMailSenderImpl sender) {
		this.sender = sender;
	}

	/**
	 * Sends a message to its recipients over the open connection, opening one if needed.
	 */
	synchronized void send(MimeMessage message) {
		try {
			if (message.getSentDate() == null) {
				message.setSentDate(new Date());
			}
			message.saveChanges();
			Transport connected = connected();
			try {
				connected.sendMessage(message, message.getAllRecipients());
				this.lastUsedNanos = System.nanoTime();
			}
			catch (MessagingException ex) {
				close();
				throw ex;
			}
		}
		catch (AuthenticationFailedException ex) {
			throw new MailAuthenticationException(ex);
		}
		catch (MessagingException ex) {
			throw new MailSendException(Map.of(message, ex));
		}
	}

	private Transport connected() throws MessagingException {
		if (this.transport != null && System.nanoTime() - this.lastUsedNanos > MAX_IDLE.toNanos()) {
			close();
		}
		if (this.transport == null) {
			Transport opened = this.sender.getSession().getTransport(this.sender.getProtocol());
			opened.connect(this.sender.getHost(), this.sender.getPort(), emptyAsNull(this.sender.getUsername()),
					emptyAsNull(this.sender.getPassword()));
			this.transport = opened;
			this.lastUsedNanos = System.nanoTime();
			log.debug("Connected to the SMTP server {}:{}", this.sender.getHost(), this.sender.getPort());
		}
		return this.transport;
	}

	private static @Nullable String emptyAsNull(@Nullable String value) {
		return StringUtils.hasLength(value) ? value : null;
	}

	private void close() {
		Transport open = this.transport;
		this.transport = null;
		if (open != null) {
			try {
				open.close();
			}
			catch (MessagingException ex) {
				log.debug("Closing the SMTP connection failed", ex);
			}
		}
	}

	@Override
	public synchronized void destroy() {
		close();
	}

}
