package io.github.outbox.mailrelay;

/**
 * The SMTP server cannot take mail now: it cannot be reached or does not answer in time,
 * refuses the session (greeting, STARTTLS, EHLO), drops the connection, answers 4xx ("try
 * again later") or refuses the configured sender. Nothing is wrong with the mail itself,
 * so the record is retried until the server takes it.
 */
class SmtpUnavailableException extends RuntimeException {

	SmtpUnavailableException(String message, Throwable cause) {
		super(message, cause);
	}

}
