package io.github.outbox.mailrelay.deadletter;

/**
 * The command understood what to do but could not do it: a topic that does not exist, an
 * event id not in the dead-letter topics, Kafka not answering in time. The command prints
 * the message and exits with status 1.
 */
class CommandFailedException extends RuntimeException {

	CommandFailedException(String message) {
		super(message);
	}

	CommandFailedException(String message, Throwable cause) {
		super(message, cause);
	}

}
