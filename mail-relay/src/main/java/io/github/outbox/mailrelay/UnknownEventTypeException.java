package io.github.outbox.mailrelay;

import java.util.Collection;
import java.util.TreeSet;

/**
 * An event of a type no {@link MailComposer} handles. Not retried; the record goes to the
 * dead-letter topic.
 */
class UnknownEventTypeException extends RuntimeException {

	UnknownEventTypeException(ReceivedEvent event, Collection<String> knownTypes) {
		super("No mail for " + event + ": the event type '" + event.type() + "' is not one of "
				+ new TreeSet<>(knownTypes));
	}

}
