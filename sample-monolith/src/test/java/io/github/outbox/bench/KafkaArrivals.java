package io.github.outbox.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a topic as a consumer would, from its end, and notes for each record key when it
 * arrived and when the broker appended it (the topic has {@code LogAppendTime}).
 */
final class KafkaArrivals implements AutoCloseable {

	private final Map<String, Arrival> arrivals = new ConcurrentHashMap<>();

	private final KafkaConsumer<String, byte[]> consumer;

	private final Thread poller;

	private volatile boolean running = true;

	KafkaArrivals(String bootstrapServers, String topic) {
		this.consumer = new KafkaConsumer<>(
				Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, ConsumerConfig.GROUP_ID_CONFIG,
						"bench-" + UUID.randomUUID(), ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest",
						ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
				new StringDeserializer(), new ByteArrayDeserializer());
		this.consumer.subscribe(List.of(topic));
		while (this.consumer.assignment().isEmpty()) {
			this.consumer.poll(Duration.ofMillis(100));
		}
		this.consumer.seekToEnd(this.consumer.assignment());
		this.consumer.assignment().forEach(this.consumer::position);
		this.poller = new Thread(this::poll, "bench-arrivals-" + topic);
		this.poller.start();
	}

	private void poll() {
		while (this.running) {
			for (ConsumerRecord<String, byte[]> record : this.consumer.poll(Duration.ofMillis(100))) {
				if (record.key() != null) {
					this.arrivals.putIfAbsent(record.key(), new Arrival(System.nanoTime(), record.timestamp()));
				}
			}
		}
	}

	Map<String, Arrival> arrivals() {
		return this.arrivals;
	}

	@Override
	public void close() throws InterruptedException {
		this.running = false;
		this.poller.join(5_000);
		this.consumer.close(Duration.ofSeconds(5));
	}

	/**
	 * When a record reached the consumer (nanoTime) and when the broker appended it (wall
	 * ms).
	 */
	record Arrival(long nanos, long appendedMillis) {
	}

}
