package io.github.outbox.mailrelay;

/**
 * Turns one type of event into its mail. Each bean of this type adds an event type that
 * mail-relay handles; records of other types are dead-lettered.
 */
public interface MailComposer {

	/** The event type handled, the value of the {@code event-type} header. */
	String eventType();

	/**
	 * The mail for an event.
	 * @throws MalformedEventException if the payload cannot be read or lacks what the
	 * mail needs
	 */
	Mail compose(ReceivedEvent event);

}
