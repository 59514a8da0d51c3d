package io.github.outbox.mailrelay.sms;

/**
 * Hands a text message to an SMS gateway. The SMS notifier starts only once the
 * application declares one bean of this type (a {@code @Component}); until then no order
 * is texted, and none is recorded as texted.
 * <p>
 * Called inside the ledger's transaction: a sender that throws leaves the event
 * unclaimed, and the record is retried with the listener's back-off, then dead-lettered
 * to {@code <topic>-sms-notifier-dlt}. A sender should therefore throw only when the
 * gateway did not take the message, and bound its own calls with timeouts.
 */
public interface SmsSender {

	/**
	 * Sends the message, or throws.
	 * @param message the message, with the event id as a reference a deduplicating
	 * gateway can take
	 */
	void send(TextMessage message);

}
