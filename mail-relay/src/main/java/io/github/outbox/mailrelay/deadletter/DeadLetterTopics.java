package io.github.outbox.mailrelay.deadletter;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads dead-letter topics from their beginning up to their end as it was when reading
 * started, with a consumer of no group: partitions assigned, not subscribed, and no
 * offsets committed, so mail-relay's own group and its offsets are untouched.
 */
final class DeadLetterTopics {

	private static final Duration POLL = Duration.ofMillis(200);

	private static final Comparator<DeadLetter> IN_TOPIC_ORDER = Comparator
		.comparing((DeadLetter letter) -> letter.record().topic())
		.thenComparingInt((letter) -> letter.record().partition())
		.thenComparingLong((letter) -> letter.record().offset());

	private final Map<String, Object> consumerConfig;

	private final Duration timeout;

	/**
	 * @param consumerConfig the consumer's configuration
	 * ({@code spring.kafka.consumer.*}); its group is dropped
	 * @param timeout how long to wait for Kafka in all
	 */
	DeadLetterTopics(Map<String, Object> consumerConfig, Duration timeout) {
		Map<String, Object> config = new HashMap<>(consumerConfig);
		config.remove(ConsumerConfig.GROUP_ID_CONFIG);
		config.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
		config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		// a misspelt --topic must not create a topic on a broker that auto-creates them
		config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
		this.consumerConfig = Map.copyOf(config);
		this.timeout = timeout;
	}

	/**
	 * Every record of the topics up to their end offsets at the start, in topic,
	 * partition and offset order.
	 * @throws CommandFailedException if a topic does not exist or Kafka does not answer
	 * in time
	 */
	List<DeadLetter> read(List<String> topics) {
		// Written by hand: neither kafka-clients nor spring-kafka offers "read
		// these topics to their current end" without a consumer group
		// (KafkaTemplate.receive fetches single offsets, one poll each).
		Instant deadline = Instant.now().plus(this.timeout);
		try (Consumer<byte[], byte[]> consumer = new KafkaConsumer<>(this.consumerConfig, new ByteArrayDeserializer(),
				new ByteArrayDeserializer())) {
			List<TopicPartition> partitions = partitions(consumer, topics);
			consumer.assign(partitions);
			Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, this.timeout);
			consumer.seekToBeginning(partitions);
			List<DeadLetter> letters = new ArrayList<>();
			while (!unread(consumer, ends).isEmpty()) {
				if (Instant.now().isAfter(deadline)) {
					throw new CommandFailedException("Could not read " + topics + " to their end " + ends + " within "
							+ this.timeout + " (mail-relay.dead-letters.timeout)");
				}
				for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
					TopicPartition partition = new TopicPartition(record.topic(), record.partition());
					if (record.offset() < ends.get(partition)) {
						letters.add(new DeadLetter(record));
					}
				}
			}
			letters.sort(IN_TOPIC_ORDER);
			return letters;
		}
		catch (KafkaException ex) {
			throw new CommandFailedException(
					"Could not read " + topics + " from Kafka at "
							+ this.consumerConfig.get(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG) + ": " + ex.getMessage(),
					ex);
		}
	}

	private List<TopicPartition> partitions(Consumer<?, ?> consumer, List<String> topics) {
		List<TopicPartition> partitions = new ArrayList<>();
		for (String topic : topics) {
			List<PartitionInfo> infos = consumer.partitionsFor(topic, this.timeout);
			if (infos.isEmpty()) {
				throw new CommandFailedException("Topic " + topic + " does not exist");
			}
			infos.forEach((info) -> partitions.add(new TopicPartition(info.topic(), info.partition())));
		}
		return partitions;
	}

	private List<TopicPartition> unread(Consumer<?, ?> consumer, Map<TopicPartition, Long> ends) {
		return ends.keySet()
			.stream()
			.filter((partition) -> consumer.position(partition, this.timeout) < ends.get(partition))
			.toList();
	}

}
