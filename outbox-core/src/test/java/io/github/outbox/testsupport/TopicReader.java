package io.github.outbox.testsupport;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.awaitility.Awaitility;

/**
 * Reads every record of the topics matching a pattern, from the beginning, with a real
 * consumer.
 */
public final class TopicReader implements AutoCloseable {

	private final KafkaConsumer<byte[], byte[]> consumer;

	private final List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();

	public TopicReader(String bootstrapServers, Pattern topics) {
		this.consumer = new KafkaConsumer<>(
				Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, ConsumerConfig.GROUP_ID_CONFIG,
						"topic-reader-" + UUID.randomUUID(), ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
						ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false, ConsumerConfig.METADATA_MAX_AGE_CONFIG, 500),
				new ByteArrayDeserializer(), new ByteArrayDeserializer());
		this.consumer.subscribe(topics);
	}

	/** Polls once and returns everything read so far. */
	public List<ConsumerRecord<byte[], byte[]>> poll() {
		this.consumer.poll(Duration.ofMillis(200)).forEach(this.records::add);
		return List.copyOf(this.records);
	}

	/**
	 * Polls until it has read every record the topics hold now, and returns everything
	 * read so far.
	 */
	public List<ConsumerRecord<byte[], byte[]>> pollToEnd() {
		Awaitility.await("reading to the end of the topics")
			.atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ZERO)
			.until(() -> {
				poll();
				Set<TopicPartition> assigned = this.consumer.assignment();
				return !assigned.isEmpty() && this.consumer.endOffsets(assigned)
					.entrySet()
					.stream()
					.allMatch((end) -> this.consumer.position(end.getKey()) >= end.getValue());
			});
		return List.copyOf(this.records);
	}

	public static String text(byte[] bytes) {
		return new String(bytes, StandardCharsets.UTF_8);
	}

	public static String header(ConsumerRecord<byte[], byte[]> record, String name) {
		Header header = record.headers().lastHeader(name);
		return (header != null) ? text(header.value()) : null;
	}

	@Override
	public void close() {
		this.consumer.close(Duration.ofSeconds(5));
	}

}
