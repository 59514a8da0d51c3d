package io.github.outbox.mailrelay;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The table of events whose mail went out, keyed by event id.
 */
@Repository
class SentMailLedger {

	private final JdbcClient jdbc;

	SentMailLedger(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Records the mail of an event as sent, in the caller's transaction. When another
	 * transaction is recording the same event, this waits until that one ends.
	 * @return {@code false} if the event was recorded before: its mail went out already
	 */
	boolean claim(ReceivedEvent event, String recipient, String messageId) {
		return this.jdbc.sql("""
				insert into sent_mail (event_id, event_type, recipient, message_id)
				values (:eventId, :eventType, :recipient, :messageId)
				on conflict (event_id) do nothing""")
			.param("eventId", event.id())
			.param("eventType", event.type())
			.param("recipient", recipient)
			.param("messageId", messageId)
			.update() == 1;
	}

}
