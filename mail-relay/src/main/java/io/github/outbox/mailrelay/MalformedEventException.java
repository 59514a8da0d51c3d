package io.github.outbox.mailrelay;

/**
 * A record that can never be handled: no or an invalid event id, no payload, a payload
 * that is not the expected JSON. Not retried; the record goes to the dead-letter topic.
 */
public class MalformedEventException extends RuntimeException {

	public MalformedEventException(String message) {
		super(message);
	}

	public MalformedEventException(String message, Throwable cause) {
		super(message, cause);
	}

}
