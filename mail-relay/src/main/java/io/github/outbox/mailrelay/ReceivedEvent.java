package io.github.outbox.mailrelay;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * An outbox event as it arrived from Kafka: the id and type from the record's headers,
 * the aggregate id from its key and the JSON payload from its value.
 *
 * @param id the event id, the key that makes sending idempotent
 * @param type the event type, for example {@code UserRegistered}
 * @param aggregateId the aggregate id, for example the user id
 * @param payload the JSON payload, UTF-8
 * @param origin where the record came from, {@code topic-partition@offset}, for logs
 */
public record ReceivedEvent(UUID id, String type, @Nullable String aggregateId, byte[] payload, String origin) {

	static final String EVENT_ID = "event-id";

	static final String EVENT_TYPE = "event-type";

	/**
	 * Reads the event from a record; other headers, such as {@code traceparent}, are
	 * ignored.
	 * @throws MalformedEventException if the event id or type is missing or the record
	 * has no value
	 */
	public static ReceivedEvent from(ConsumerRecord<String, byte[]> record) {
		String origin = origin(record);
		String id = header(record.headers(), EVENT_ID);
		if (id == null || id.isBlank()) {
			throw new MalformedEventException("Record " + origin + " has no " + EVENT_ID + " header");
		}
		UUID eventId;
		try {
			eventId = UUID.fromString(id.strip());
		}
		catch (IllegalArgumentException ex) {
			throw new MalformedEventException(
					"Record " + origin + " has an " + EVENT_ID + " header that is not a UUID: '" + id + "'", ex);
		}
		String type = header(record.headers(), EVENT_TYPE);
		if (type == null || type.isBlank()) {
			throw new MalformedEventException(
					"Record " + origin + " (event " + eventId + ") has no " + EVENT_TYPE + " header");
		}
		byte[] payload = record.value();
		if (payload == null || payload.length == 0) {
			throw new MalformedEventException("Record " + origin + " (event " + eventId + ") has no payload");
		}
		return new ReceivedEvent(eventId, type.strip(), record.key(), payload, origin);
	}

	/**
	 * Reads the JSON payload as the given type; a record type can check its values in its
	 * constructor.
	 * @throws MalformedEventException if the payload is not valid JSON, or the type's
	 * constructor rejects what it holds
	 */
	public <T> T read(JsonMapper json, Class<T> type) {
		try {
			return json.readValue(this.payload, type);
		}
		catch (JacksonException ex) {
			throw new MalformedEventException("The payload of " + this + " is not a valid " + this.type + ": "
					+ ((ex.getCause() instanceof IllegalArgumentException invalid) ? invalid.getMessage()
							: ex.getOriginalMessage()),
					ex);
		}
	}

	/** Where a record is, {@code topic-partition@offset}. */
	static String origin(ConsumerRecord<?, ?> record) {
		return record.topic() + "-" + record.partition() + "@" + record.offset();
	}

	/** The text of the last header of that name; {@code null} if none or no value. */
	static @Nullable String header(Headers headers, String name) {
		Header header = headers.lastHeader(name);
		return (header != null && header.value() != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
	}

	@Override
	public String toString() {
		return this.type + " event " + this.id + " (" + this.origin + ")";
	}

}
