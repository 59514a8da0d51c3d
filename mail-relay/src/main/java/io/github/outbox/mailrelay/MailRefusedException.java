package io.github.outbox.mailrelay;

/**
 * The SMTP server refused this mail for good: a 5xx reply to {@code RCPT TO} (the
 * recipient) or to the message itself. Sending it again would be refused again, so the
 * record is dead-lettered rather than blocking its partition.
 */
class MailRefusedException extends RuntimeException {

	private final int replyCode;

	MailRefusedException(int replyCode, String message, Throwable cause) {
		super(message, cause);
		this.replyCode = replyCode;
	}

	/** The SMTP reply code, 500 to 599. */
	int replyCode() {
		return this.replyCode;
	}

}
