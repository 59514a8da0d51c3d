package io.github.outbox;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;

/**
 * An event to publish through the outbox.
 *
 * @param id unique event id; consumers use it to drop repeats
 * @param aggregateType kind of aggregate, part of the Kafka topic name by default
 * @param aggregateId the aggregate's id, used as the Kafka record key so that one
 * aggregate's events keep their order
 * @param type the event type, for example {@code UserRegistered}
 * @param payload the event, written as JSON
 * @param headers extra Kafka headers, for example a W3C {@code traceparent}
 * @param occurredAt when the event happened
 */
public record OutboxEvent(UUID id, String aggregateType, String aggregateId, String type, Object payload,
		Map<String, String> headers, Instant occurredAt) {

	/**
	 * Kafka topic names allow these characters; the aggregate type becomes part of one.
	 */
	private static final Pattern AGGREGATE_TYPE = Pattern.compile("[A-Za-z0-9._-]{1,200}");

	private static final int MAX_LENGTH = 255;

	public OutboxEvent {
		Objects.requireNonNull(id, "id must not be null");
		Objects.requireNonNull(aggregateType, "aggregateType must not be null");
		Objects.requireNonNull(aggregateId, "aggregateId must not be null");
		Objects.requireNonNull(type, "type must not be null");
		Objects.requireNonNull(payload, "payload must not be null");
		Objects.requireNonNull(headers, "headers must not be null");
		Objects.requireNonNull(occurredAt, "occurredAt must not be null");
		if (!AGGREGATE_TYPE.matcher(aggregateType).matches()) {
			throw new IllegalArgumentException("aggregateType '" + aggregateType
					+ "' must be 1 to 200 characters of [A-Za-z0-9._-]: it is part of a Kafka topic name");
		}
		requireText("aggregateId", aggregateId);
		requireText("type", type);
		headers.forEach((name, value) -> {
			requireText("header name", name);
			Objects.requireNonNull(value, () -> "header '" + name + "' must not have a null value");
		});
		headers = Map.copyOf(headers);
	}

	/**
	 * Event ids in time order (UUID version 7, RFC 9562), increasing within this JVM:
	 * each new row's id goes at the end of the outbox's primary-key index. A random id
	 * changes a different index page each time, and PostgreSQL writes a page's full image
	 * to the WAL the first time it changes after a checkpoint: with a week of events
	 * kept, about 4 kB more WAL per event, which the relay's decoding also reads
	 * (docs/performance.md, item 7).
	 */
	private static final TimeBasedEpochGenerator IDS = Generators.timeBasedEpochGenerator();

	/**
	 * An event with a new time-ordered id, no extra headers, the current time and the
	 * payload's simple class name as its type.
	 */
	public static OutboxEvent of(String aggregateType, Object aggregateId, Object payload) {
		Objects.requireNonNull(aggregateId, "aggregateId must not be null");
		Objects.requireNonNull(payload, "payload must not be null");
		return new OutboxEvent(IDS.generate(), aggregateType, aggregateId.toString(),
				payload.getClass().getSimpleName(), payload, Map.of(), Instant.now());
	}

	public OutboxEvent withType(String type) {
		return new OutboxEvent(this.id, this.aggregateType, this.aggregateId, type, this.payload, this.headers,
				this.occurredAt);
	}

	public OutboxEvent withHeaders(Map<String, String> headers) {
		return new OutboxEvent(this.id, this.aggregateType, this.aggregateId, this.type, this.payload, headers,
				this.occurredAt);
	}

	private static void requireText(String name, String value) {
		if (value.isBlank() || value.length() > MAX_LENGTH) {
			throw new IllegalArgumentException(name + " must be 1 to " + MAX_LENGTH + " characters and not blank");
		}
	}

}
