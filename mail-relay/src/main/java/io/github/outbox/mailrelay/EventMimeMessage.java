package io.github.outbox.mailrelay;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

/**
 * A message whose Message-ID is fixed, derived from the event id. Jakarta Mail replaces
 * the Message-ID with a random one each time a message is saved; a mail sent again after
 * a crash must carry the same id so that clients can recognise the repeat.
 */
final class EventMimeMessage extends MimeMessage {

	private final String messageId;

	EventMimeMessage(Session session, String messageId) {
		super(session);
		this.messageId = messageId;
	}

	@Override
	protected void updateMessageID() throws MessagingException {
		setHeader("Message-ID", this.messageId);
	}

}
