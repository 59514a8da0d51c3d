package io.github.outbox.relay;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.jspecify.annotations.Nullable;

import io.github.outbox.OutboxHeaders;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns a Debezium change of the outbox table into the Kafka record to publish: keyed by
 * aggregate id, the JSON payload as value, the event id and type as headers.
 */
final class OutboxRecordMapper {

	private static final TypeReference<Map<String, String>> HEADERS = new TypeReference<>() {
	};

	private final RelayProperties settings;

	private final JsonMapper json;

	OutboxRecordMapper(RelayProperties settings, JsonMapper json) {
		this.settings = settings;
		this.json = json;
	}

	/**
	 * The event of an inserted (or snapshot) outbox row; {@code null} for anything else
	 * the engine emits, such as heartbeats.
	 */
	@Nullable RelayedEvent toEvent(SourceRecord change) {
		if (!(change.value() instanceof Struct envelope) || envelope.schema().field("op") == null) {
			return null;
		}
		String op = envelope.getString("op");
		if (!"c".equals(op) && !"r".equals(op)) {
			return null;
		}
		Struct row = envelope.getStruct("after");
		String aggregateType = row.getString("aggregatetype");
		Headers headers = new RecordHeaders();
		String extra = text(row, "headers");
		if (extra != null) {
			this.json.readValue(extra, HEADERS).forEach((name, value) -> header(headers, name, value));
		}
		header(headers, OutboxHeaders.EVENT_ID, row.getString("id"));
		header(headers, OutboxHeaders.EVENT_TYPE, row.getString("type"));
		header(headers, OutboxHeaders.AGGREGATE_TYPE, aggregateType);
		String createdAt = text(row, "created_at");
		if (createdAt != null) {
			header(headers, OutboxHeaders.OCCURRED_AT, createdAt);
		}
		String aggregateId = row.getString("aggregateid");
		String payload = row.getString("payload");
		ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(this.settings.topicFor(aggregateType), null, null,
				utf8(aggregateId), utf8(payload), headers);
		return new RelayedEvent(record, UUID.fromString(row.getString("id")), aggregateType, aggregateId,
				row.getString("type"), payload, extra, createdAt, commitTimeMillis(change), walPosition(change));
	}

	/**
	 * When the change was committed, from the envelope's source block (for a snapshot
	 * row: when it was read); 0 when the change carries no time.
	 */
	private static long commitTimeMillis(SourceRecord change) {
		Long millis = sourceField(change, "ts_ms");
		return (millis != null) ? millis : 0;
	}

	/**
	 * The position (LSN) of the change in the WAL, from the envelope's source block;
	 * {@code null} when the change carries none.
	 */
	private static @Nullable Long walPosition(SourceRecord change) {
		return sourceField(change, "lsn");
	}

	private static @Nullable Long sourceField(SourceRecord change, String name) {
		if (change.value() instanceof Struct envelope && envelope.schema().field("source") != null
				&& envelope.get("source") instanceof Struct source && source.schema().field(name) != null) {
			return source.getInt64(name);
		}
		return null;
	}

	private static @Nullable String text(Struct row, String name) {
		Field field = row.schema().field(name);
		return (field != null) ? (String) row.get(field) : null;
	}

	private static void header(Headers headers, String name, String value) {
		headers.remove(name);
		headers.add(name, utf8(value));
	}

	private static byte[] utf8(String value) {
		return value.getBytes(StandardCharsets.UTF_8);
	}

}
