package io.github.outbox;

/**
 * Names of the Kafka headers the relay adds to every record. The record key is the
 * aggregate id and the value is the JSON payload.
 */
public final class OutboxHeaders {

	/**
	 * The event id (a UUID): consumers drop a record whose id they have already handled.
	 */
	public static final String EVENT_ID = "event-id";

	/** The event type, for example {@code UserRegistered}. */
	public static final String EVENT_TYPE = "event-type";

	/** The aggregate type, for example {@code User}. */
	public static final String AGGREGATE_TYPE = "aggregate-type";

	/** When the event happened, ISO-8601. */
	public static final String OCCURRED_AT = "occurred-at";

	private OutboxHeaders() {
	}

}
