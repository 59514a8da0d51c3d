package io.github.outbox.mailrelay;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Date;
import java.util.Deque;
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
 * Open SMTP connections, kept from one mail to the next: one per listener thread that is
 * sending at the moment, so {@code spring.kafka.listener.concurrency} consumers send side
 * by side. {@link JavaMailSenderImpl} connects and says EHLO (and STARTTLS, AUTH) for
 * every mail, which costs more than the mail itself; written here because neither Spring
 * nor Jakarta Mail pools SMTP connections. A connection is dropped after any failure and
 * when it has been idle for {@link #MAX_IDLE}, before a server's own idle time-out;
 * failures come out as Spring's {@link MailSendException} and
 * {@link MailAuthenticationException}, as from the sender.
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
	 */
	void send(MimeMessage message) {
		try {
			if (message.getSentDate() == null) {
				message.setSentDate(new Date());
			}
			message.saveChanges();
			Transport transport = take();
			try {
				transport.sendMessage(message, message.getAllRecipients());
			}
			catch (MessagingException ex) {
				close(transport);
				throw ex;
			}
			giveBack(transport);
		}
		catch (AuthenticationFailedException ex) {
			throw new MailAuthenticationException(ex);
		}
		catch (MessagingException ex) {
			throw new MailSendException(Map.of(message, ex));
		}
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
