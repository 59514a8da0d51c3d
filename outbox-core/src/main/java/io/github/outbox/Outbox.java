package io.github.outbox;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.IllegalTransactionStateException;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes events to the outbox table inside the caller's transaction. The event becomes
 * visible to the relay, and so to Kafka, only if that transaction commits.
 * <p>
 * Every method refuses to run outside a transaction on the outbox {@link DataSource}: an
 * event written on its own could be published for a business write that rolled back.
 */
public class Outbox {

	private static final String INSERT = """
			insert into outbox_event (id, aggregatetype, aggregateid, type, payload, headers, created_at)
			values (?, ?, ?, ?, cast(? as jsonb), cast(? as jsonb), ?)""";

	private final @Nullable DataSource dataSource;

	private final @Nullable JdbcClient jdbc;

	private final JsonMapper json;

	private final int maxPayloadBytes;

	private final List<OutboxHeaderContributor> headerContributors;

	/**
	 * @param dataSource the DataSource of the business writes, whose database holds the
	 * outbox table
	 * @param json writes payloads and headers as JSON
	 * @param maxPayloadBytes largest payload accepted, in UTF-8 bytes of its JSON
	 */
	public Outbox(DataSource dataSource, JsonMapper json, int maxPayloadBytes) {
		this(dataSource, json, maxPayloadBytes, List.of());
	}

	/**
	 * @param dataSource the DataSource of the business writes, whose database holds the
	 * outbox table
	 * @param json writes payloads and headers as JSON
	 * @param maxPayloadBytes largest payload accepted, in UTF-8 bytes of its JSON
	 * @param headerContributors headers every event gets from the context it is published
	 * in
	 */
	public Outbox(DataSource dataSource, JsonMapper json, int maxPayloadBytes,
			List<OutboxHeaderContributor> headerContributors) {
		this(json, maxPayloadBytes, headerContributors,
				Objects.requireNonNull(dataSource, "dataSource must not be null"));
	}

	/**
	 * An outbox that keeps events elsewhere than in a database: see
	 * {@link RecordingOutbox}.
	 */
	Outbox(JsonMapper json, int maxPayloadBytes, List<OutboxHeaderContributor> headerContributors) {
		this(json, maxPayloadBytes, headerContributors, null);
	}

	private Outbox(JsonMapper json, int maxPayloadBytes, List<OutboxHeaderContributor> headerContributors,
			@Nullable DataSource dataSource) {
		this.headerContributors = List.copyOf(headerContributors);
		this.dataSource = dataSource;
		this.json = Objects.requireNonNull(json, "json must not be null");
		if (maxPayloadBytes < 1) {
			throw new IllegalArgumentException("maxPayloadBytes must be positive, was " + maxPayloadBytes);
		}
		this.maxPayloadBytes = maxPayloadBytes;
		this.jdbc = (dataSource != null) ? JdbcClient.create(dataSource) : null;
	}

	/**
	 * Records {@code payload} as an event of the given aggregate, typed by the payload's
	 * simple class name.
	 * @return the new event's id
	 * @throws IllegalTransactionStateException if no transaction is active on the outbox
	 * DataSource
	 * @throws OutboxPayloadTooLargeException if the payload's JSON is larger than
	 * {@code outbox.max-payload-size}
	 */
	public UUID publish(String aggregateType, Object aggregateId, Object payload) {
		OutboxEvent event = OutboxEvent.of(aggregateType, aggregateId, payload);
		publish(event);
		return event.id();
	}

	/**
	 * Records the event.
	 * @throws IllegalTransactionStateException if no transaction is active on the outbox
	 * DataSource
	 * @throws OutboxPayloadTooLargeException if the payload's JSON is larger than
	 * {@code outbox.max-payload-size}
	 */
	public void publish(OutboxEvent event) {
		Objects.requireNonNull(event, "event must not be null");
		requireTransaction();
		String payload = this.json.writeValueAsString(event.payload());
		int size = payload.getBytes(StandardCharsets.UTF_8).length;
		if (size > this.maxPayloadBytes) {
			throw new OutboxPayloadTooLargeException("The payload of " + event.type() + " is " + size
					+ " bytes of JSON, more than the " + this.maxPayloadBytes
					+ " allowed (outbox.max-payload-size): publish a reference to large data, not the data");
		}
		write(event, payload, headersOf(event));
	}

	/** Stores a checked event, in the caller's transaction. */
	void write(OutboxEvent event, String payload, Map<String, String> headers) {
		Objects.requireNonNull(this.jdbc)
			.sql(INSERT)
			.params(event.id(), event.aggregateType(), event.aggregateId(), event.type(), payload,
					this.json.writeValueAsString(headers), Timestamp.from(event.occurredAt()))
			.update();
	}

	private Map<String, String> headersOf(OutboxEvent event) {
		if (this.headerContributors.isEmpty()) {
			return event.headers();
		}
		Map<String, String> headers = new LinkedHashMap<>();
		this.headerContributors.forEach((contributor) -> headers.putAll(contributor.headers()));
		headers.putAll(event.headers());
		return headers;
	}

	void requireTransaction() {
		requireActiveTransaction();
		if (!TransactionSynchronizationManager.hasResource(Objects.requireNonNull(this.dataSource))) {
			throw new IllegalTransactionStateException("Outbox.publish runs in a transaction that is not bound to "
					+ "the outbox DataSource: the event would not commit atomically with the business write. "
					+ "Use a transaction manager for the DataSource the outbox writes to");
		}
	}

	static void requireActiveTransaction() {
		if (!TransactionSynchronizationManager.isActualTransactionActive()) {
			throw new IllegalTransactionStateException("Outbox.publish needs an active transaction, and none is: "
					+ "call it from a @Transactional method so that the event commits or rolls back "
					+ "with the business write");
		}
	}

}
