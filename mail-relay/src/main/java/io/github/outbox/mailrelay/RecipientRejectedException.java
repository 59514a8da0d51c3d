package io.github.outbox.mailrelay;

/**
 * The SMTP server refused the recipient for good (a 5xx reply to {@code RCPT TO}). Not
 * retried; the record goes to the dead-letter topic rather than blocking its partition.
 */
class RecipientRejectedException extends RuntimeException {

	RecipientRejectedException(ReceivedEvent event, Throwable cause) {
		super("The SMTP server rejected the recipient of the mail for " + event, cause);
	}

}
