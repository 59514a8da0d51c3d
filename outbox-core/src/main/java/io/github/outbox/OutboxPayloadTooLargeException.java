package io.github.outbox;

/**
 * An event's payload is larger, as JSON, than {@code outbox.max-payload-size} allows.
 * Thrown before anything is written; the caller's transaction rolls back unless it
 * catches it. Publish a reference to large data, not the data.
 */
public class OutboxPayloadTooLargeException extends IllegalArgumentException {

	public OutboxPayloadTooLargeException(String message) {
		super(message);
	}

}
