package io.github.outbox.mailrelay.deadletter;

/**
 * The command line does not say what to do: an unknown command, a malformed event id, a
 * missing or contradictory option. The command prints the message and its usage and exits
 * with status 2.
 */
class UsageException extends RuntimeException {

	UsageException(String message) {
		super(message);
	}

}
