package io.github.outbox.relay;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The settings of the relay's Kafka clients: the application's ({@code spring.kafka.*}),
 * then {@code outbox.relay.kafka.*}, and for the producer what the relay's guarantees
 * need.
 */
final class RelayKafkaConfig {

	/**
	 * Requests in flight per broker: the most an idempotent producer allows while it
	 * keeps each partition's order.
	 */
	private static final int MAX_IN_FLIGHT_REQUESTS = 5;

	/**
	 * How long the producer waits to fill a batch; Kafka 4 waits 5 ms. The relay sends
	 * each engine batch at once and then waits for it, so its records batch up without
	 * waiting, and every millisecond here adds to each event's commit-to-Kafka time.
	 */
	private static final Duration LINGER = Duration.ofMillis(1);

	/**
	 * Bytes per producer batch, eight times Kafka's 16 KB: a catch-up hands the producer
	 * up to {@code outbox.relay.max-batch-size} events at once, and fuller batches take
	 * fewer requests.
	 */
	private static final int BATCH_BYTES = 128 * 1024;

	/**
	 * Kafka's default request time-out. Kafka wants the delivery time-out to cover one
	 * request and the linger, so a shorter {@code delivery-timeout} shortens it.
	 */
	private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

	private RelayKafkaConfig() {
	}

	/**
	 * The producer's settings: the relay's defaults, then the application's, then
	 * {@code outbox.relay.kafka.*}, then what the relay's guarantees need (every replica
	 * acknowledges, no duplicate on retry, bytes in and out).
	 */
	static Map<String, Object> producer(RelayProperties settings, Map<String, Object> application) {
		Map<String, Object> config = new HashMap<>();
		config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, MAX_IN_FLIGHT_REQUESTS);
		config.put(ProducerConfig.LINGER_MS_CONFIG, (int) LINGER.toMillis());
		config.put(ProducerConfig.BATCH_SIZE_CONFIG, BATCH_BYTES);
		config.put(ProducerConfig.CLIENT_ID_CONFIG, "outbox-relay-" + settings.slotName());
		config.putAll(application);
		int deliveryTimeout = (int) settings.kafka().deliveryTimeout().toMillis();
		config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, deliveryTimeout);
		config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
				(int) Math.min(REQUEST_TIMEOUT.toMillis(), deliveryTimeout - LINGER.toMillis()));
		config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, settings.kafka().metadataWait().toMillis());
		putRelaySettings(config, settings.kafka());
		config.put(ProducerConfig.ACKS_CONFIG, "all");
		config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
		config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
		config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
		return Map.copyOf(config);
	}

	/**
	 * The admin client's settings, which check Kafka at start-up and ask about topics:
	 * the application's, then {@code outbox.relay.kafka.*}.
	 */
	static Map<String, Object> admin(RelayProperties settings, Map<String, Object> application) {
		Map<String, Object> config = new HashMap<>(application);
		putRelaySettings(config, settings.kafka());
		return Map.copyOf(config);
	}

	/** {@code outbox.relay.kafka.*}, over what a client's settings hold so far. */
	private static void putRelaySettings(Map<String, Object> config, RelayProperties.Kafka kafka) {
		config.putAll(kafka.properties());
		if (kafka.bootstrapServers() != null) {
			config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
		}
	}

}
