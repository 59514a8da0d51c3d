package io.github.outbox.mailrelay.deadletter;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.UUID;
import java.util.regex.Pattern;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.jspecify.annotations.Nullable;

import org.springframework.kafka.support.KafkaHeaders;

import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * A record on a dead-letter topic, as spring-kafka's
 * {@code DeadLetterPublishingRecoverer} wrote it: the original key, value and headers,
 * plus the {@code kafka_dlt-*} headers that say where it came from and why it failed.
 *
 * @param record the record as read, key and value as bytes
 */
record DeadLetter(ConsumerRecord<byte[], byte[]> record) {

	/** The headers the recoverer adds; a re-driven record goes without them. */
	static final String DLT_HEADER_PREFIX = KafkaHeaders.PREFIX + "dlt-";

	static final String EVENT_ID = "event-id";

	static final String EVENT_TYPE = "event-type";

	/**
	 * What spring-kafka puts before the listener's own exception message; the listener
	 * method's signature tells the operator nothing.
	 */
	private static final Pattern LISTENER_PREFIX = Pattern.compile("^Listener method '[^']*' threw exception; ");

	private static final Pattern PLAIN = Pattern.compile("[^\\s\"\\\\]+");

	/** Where the dead letter is: {@code topic-partition@offset}. */
	String location() {
		return this.record.topic() + "-" + this.record.partition() + "@" + this.record.offset();
	}

	/** The event id, or {@code null} when the header is missing or not a UUID. */
	@Nullable UUID eventId() {
		String id = text(EVENT_ID);
		if (id == null) {
			return null;
		}
		try {
			return UUID.fromString(id.strip());
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	/** The topic the record was consumed from, where a re-drive sends it. */
	@Nullable String originalTopic() {
		return text(KafkaHeaders.DLT_ORIGINAL_TOPIC);
	}

	/**
	 * One line: where it is, the event, where it came from, when it was dead-lettered and
	 * why, as {@code name=value} pairs; a value with spaces or quotes is quoted, a
	 * missing one is {@code -}.
	 */
	String line() {
		String exception = text(KafkaHeaders.DLT_EXCEPTION_CAUSE_FQCN);
		return "dead-letter " + location() + " event-id=" + value(text(EVENT_ID)) + " event-type="
				+ value(text(EVENT_TYPE)) + " original=" + value(origin()) + " dead-lettered-at="
				+ Instant.ofEpochMilli(this.record.timestamp()) + " exception="
				+ value((exception != null) ? exception : text(KafkaHeaders.DLT_EXCEPTION_FQCN)) + " message="
				+ value(message());
	}

	/**
	 * The record to produce to the original topic: the same key, value and headers, less
	 * the {@code kafka_dlt-*} ones. No partition: the producer's partitioner puts it
	 * where the key's other records are, behind them. No timestamp: it is a new record.
	 */
	ProducerRecord<byte[], byte[]> toOriginalTopic() {
		String topic = originalTopic();
		if (topic == null) {
			throw new IllegalStateException(location() + " has no " + KafkaHeaders.DLT_ORIGINAL_TOPIC + " header");
		}
		RecordHeaders headers = new RecordHeaders();
		for (Header header : this.record.headers()) {
			if (!header.key().startsWith(DLT_HEADER_PREFIX)) {
				headers.add(header);
			}
		}
		return new ProducerRecord<>(topic, null, this.record.key(), this.record.value(), headers);
	}

	private @Nullable String origin() {
		String topic = originalTopic();
		Header partition = this.record.headers().lastHeader(KafkaHeaders.DLT_ORIGINAL_PARTITION);
		Header offset = this.record.headers().lastHeader(KafkaHeaders.DLT_ORIGINAL_OFFSET);
		if (topic == null || !hasLength(partition, Integer.BYTES) || !hasLength(offset, Long.BYTES)) {
			return topic;
		}
		// the recoverer writes them as big-endian binary numbers; spring-kafka
		// has no public reader for its own headers
		return topic + "-" + ByteBuffer.wrap(partition.value()).getInt() + "@"
				+ ByteBuffer.wrap(offset.value()).getLong();
	}

	private @Nullable String message() {
		String message = text(KafkaHeaders.DLT_EXCEPTION_MESSAGE);
		return (message != null) ? LISTENER_PREFIX.matcher(message).replaceFirst("") : null;
	}

	private static boolean hasLength(@Nullable Header header, int length) {
		return header != null && header.value() != null && header.value().length == length;
	}

	private @Nullable String text(String name) {
		Header header = this.record.headers().lastHeader(name);
		return (header != null && header.value() != null) ? new String(header.value(), UTF_8) : null;
	}

	private static String value(@Nullable String text) {
		if (text == null || text.isEmpty()) {
			return "-";
		}
		if (PLAIN.matcher(text).matches()) {
			return text;
		}
		return "\"" + text.replace("\\", "\\\\")
			.replace("\"", "\\\"")
			.replace("\r", "\\r")
			.replace("\n", "\\n")
			.replace("\t", "\\t") + "\"";
	}

}
