package io.github.outbox.relay;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import io.github.outbox.OutboxHeaders;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class OutboxRecordMapperTests {

	private static final Schema ROW = SchemaBuilder.struct()
		.field("id", Schema.STRING_SCHEMA)
		.field("aggregatetype", Schema.STRING_SCHEMA)
		.field("aggregateid", Schema.STRING_SCHEMA)
		.field("type", Schema.STRING_SCHEMA)
		.field("payload", Schema.STRING_SCHEMA)
		.field("headers", Schema.OPTIONAL_STRING_SCHEMA)
		.field("created_at", Schema.OPTIONAL_STRING_SCHEMA)
		.optional()
		.build();

	private static final Schema ENVELOPE = SchemaBuilder.struct()
		.field("op", Schema.STRING_SCHEMA)
		.field("after", ROW)
		.build();

	private static final String EVENT_ID = "0193a3f0-7c1e-7d3a-9f00-5b1c2d3e4f50";

	private final OutboxRecordMapper mapper = new OutboxRecordMapper(
			settings(Map.of("outbox.relay.topics.Order", "orders")), JsonMapper.builder().build());

	@Test
	void keysByAggregateIdAndCarriesThePayloadAndEventHeaders() {
		RelayedEvent event = this.mapper.toEvent(change("c", "User", "{\"a\": 1}",
				"{\"traceparent\": \"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01\"}"));
		ProducerRecord<byte[], byte[]> record = event.record();

		assertThat(record.topic()).isEqualTo("outbox.event.User");
		assertThat(text(record.key())).isEqualTo("user-1");
		assertThat(text(record.value())).isEqualTo("{\"a\": 1}");
		assertThat(header(record, OutboxHeaders.EVENT_ID)).isEqualTo(EVENT_ID);
		assertThat(header(record, OutboxHeaders.EVENT_TYPE)).isEqualTo("Happened");
		assertThat(header(record, OutboxHeaders.AGGREGATE_TYPE)).isEqualTo("User");
		assertThat(header(record, OutboxHeaders.OCCURRED_AT)).isEqualTo("2026-11-25T10:00:00Z");
		assertThat(header(record, "traceparent")).startsWith("00-4bf92f35");
		assertThat(event.eventId()).hasToString(EVENT_ID);
		assertThat(event.aggregate()).isEqualTo(new RelayedEvent.Aggregate("User", "user-1"));
		assertThat(event.type()).isEqualTo("Happened");
		assertThat(event.payload()).isEqualTo("{\"a\": 1}");
		assertThat(event.createdAt()).isEqualTo("2026-11-25T10:00:00Z");
	}

	@Test
	void letsNoCallerHeaderReplaceTheEventId() {
		ProducerRecord<byte[], byte[]> record = this.mapper
			.toEvent(change("c", "User", "{}", "{\"event-id\": \"forged\"}"))
			.record();
		assertThat(header(record, OutboxHeaders.EVENT_ID)).isEqualTo(EVENT_ID);
		assertThat(record.headers().headers(OutboxHeaders.EVENT_ID)).hasSize(1);
	}

	@Test
	void publishesSnapshotReadsAndRoutesByTheTopicSettings() {
		assertThat(this.mapper.toEvent(change("r", "Order", "{}", "{}")).topic()).isEqualTo("orders");
	}

	@Test
	void skipsEverythingThatIsNotAnInsertedRow() {
		assertThat(this.mapper.toEvent(change("d", "User", "{}", "{}"))).isNull();
		Schema heartbeat = SchemaBuilder.struct().field("ts_ms", Schema.INT64_SCHEMA).build();
		assertThat(this.mapper.toEvent(new SourceRecord(Map.of(), Map.of(), "__debezium-heartbeat.outbox", heartbeat,
				new Struct(heartbeat).put("ts_ms", 1L))))
			.isNull();
	}

	private static SourceRecord change(String op, String aggregateType, String payload, String headers) {
		Struct row = new Struct(ROW).put("id", EVENT_ID)
			.put("aggregatetype", aggregateType)
			.put("aggregateid", "user-1")
			.put("type", "Happened")
			.put("payload", payload)
			.put("headers", headers)
			.put("created_at", "2026-11-25T10:00:00Z");
		Struct envelope = new Struct(ENVELOPE).put("op", op).put("after", row);
		return new SourceRecord(Map.of(), Map.of(), "outbox.public.outbox_event", ENVELOPE, envelope);
	}

	static RelayProperties settings(Map<String, String> properties) {
		return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate("outbox.relay",
				Bindable.of(RelayProperties.class));
	}

	private static String header(ProducerRecord<byte[], byte[]> record, String name) {
		return text(record.headers().lastHeader(name).value());
	}

	private static String text(byte[] bytes) {
		return new String(bytes, StandardCharsets.UTF_8);
	}

}
