package io.github.outbox.mailrelay.deadletter;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Produces dead letters back to their original topics with an idempotent producer that
 * waits for all in-sync replicas, and waits for each acknowledgement. Key and value go as
 * the bytes they were, whatever mail-relay's serializers.
 */
final class Redrive {

	private final Map<String, Object> producerConfig;

	private final Duration timeout;

	/**
	 * @param producerConfig the producer's configuration
	 * ({@code spring.kafka.producer.*})
	 * @param timeout how long to wait for each acknowledgement
	 */
	Redrive(Map<String, Object> producerConfig, Duration timeout) {
		Map<String, Object> config = new HashMap<>(producerConfig);
		config.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
		config.put(ProducerConfig.ACKS_CONFIG, "all");
		config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
		this.producerConfig = Map.copyOf(config);
		this.timeout = timeout;
	}

	/**
	 * Sends the dead letters, in order, and reports each once Kafka acknowledged it.
	 * @throws CommandFailedException if one is not acknowledged in time; those reported
	 * before it are in their topics
	 */
	void send(List<DeadLetter> letters, BiConsumer<DeadLetter, RecordMetadata> acknowledged) {
		Producer<byte[], byte[]> producer = new KafkaProducer<>(this.producerConfig, new ByteArraySerializer(),
				new ByteArraySerializer());
		try {
			List<Future<RecordMetadata>> sent = letters.stream()
				.map((letter) -> producer.send(letter.toOriginalTopic()))
				.toList();
			for (int i = 0; i < letters.size(); i++) {
				acknowledged.accept(letters.get(i), acknowledgement(letters.get(i), sent.get(i)));
			}
		}
		catch (KafkaException ex) {
			throw new CommandFailedException("Could not send to Kafka at "
					+ this.producerConfig.get(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG) + ": " + ex.getMessage(), ex);
		}
		finally {
			producer.close(this.timeout);
		}
	}

	private RecordMetadata acknowledgement(DeadLetter letter, Future<RecordMetadata> sent) {
		String failed = "Re-driving " + letter.location() + " to " + letter.originalTopic() + " failed";
		try {
			return sent.get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException ex) {
			throw new CommandFailedException(failed + ": " + ex.getCause().getMessage(), ex.getCause());
		}
		catch (TimeoutException ex) {
			throw new CommandFailedException(failed + ": no acknowledgement within " + this.timeout
					+ " (mail-relay.dead-letters.timeout); it may still arrive, and re-driving it again is harmless",
					ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new CommandFailedException(failed + ": interrupted", ex);
		}
	}

}
