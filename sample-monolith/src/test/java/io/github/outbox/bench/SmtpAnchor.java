package io.github.outbox.bench;

import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.Properties;

import jakarta.mail.Address;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;

/**
 * The SMTP limit mail-relay's rate is compared with: a bare Jakarta Mail client sending
 * the same rendered mail (one mail-relay sent) again and again over one reused connection
 * into the same {@code smtp-sink}. No Kafka, no ledger, no template: only the client's
 * and the server's work per mail.
 */
final class SmtpAnchor {

	private final Session session;

	private final MimeMessage message;

	private final Address[] recipients;

	private final int port;

	SmtpAnchor(int port, byte[] renderedMail) throws Exception {
		Properties properties = new Properties();
		properties.put("mail.smtp.host", "127.0.0.1");
		properties.put("mail.smtp.port", Integer.toString(port));
		properties.put("mail.smtp.connectiontimeout", "5000");
		properties.put("mail.smtp.timeout", "5000");
		properties.put("mail.smtp.writetimeout", "5000");
		this.session = Session.getInstance(properties);
		this.message = new MimeMessage(this.session, new ByteArrayInputStream(renderedMail));
		this.recipients = this.message.getAllRecipients();
		this.port = port;
	}

	/** Sends over one connection for {@code duration}; mails a second. */
	double send(Duration duration) throws Exception {
		try (Transport transport = this.session.getTransport("smtp")) {
			transport.connect("127.0.0.1", this.port, null, null);
			long started = System.nanoTime();
			long end = started + duration.toNanos();
			long sent = 0;
			while (System.nanoTime() < end) {
				transport.sendMessage(this.message, this.recipients);
				sent++;
			}
			return sent / ((System.nanoTime() - started) / 1e9);
		}
	}

}
