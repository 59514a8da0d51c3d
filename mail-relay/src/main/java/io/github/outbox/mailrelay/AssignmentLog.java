package io.github.outbox.mailrelay;

import java.util.Collection;
import java.util.List;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;
import org.springframework.stereotype.Component;

/**
 * Says when mail-relay is ready: its consumer got partitions to read. The line is for an
 * operator reading the log; no script or test waits for it. Tests wait for what becomes
 * of their records (a mail, a dead letter), which a new group reads from the earliest
 * offset whenever it gets its partitions. The other groups of the application (the SMS
 * notifier) log their assignments under their own name. Partitions taken away are no
 * longer reported as retrying ({@link RetryingRecords}).
 */
@Component
class AssignmentLog implements ConsumerAwareRebalanceListener {

	private static final Logger log = LoggerFactory.getLogger(AssignmentLog.class);

	private final List<String> topics;

	private final @Nullable String mailGroup;

	private final RetryingRecords retrying;

	AssignmentLog(MailRelayProperties settings, KafkaProperties kafkaProperties, RetryingRecords retrying) {
		this.topics = settings.topics();
		this.retrying = retrying;
		this.mailGroup = kafkaProperties.getConsumer().getGroupId();
	}

	@Override
	public void onPartitionsRevokedAfterCommit(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
		this.retrying.revoked(consumer.groupMetadata().groupId(), partitions);
	}

	@Override
	public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
		this.retrying.revoked(consumer.groupMetadata().groupId(), partitions);
	}

	@Override
	public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
		if (partitions.isEmpty()) {
			return;
		}
		String group = consumer.groupMetadata().groupId();
		if (group.equals(this.mailGroup)) {
			log.info("mail-relay listening on {} (partitions {})", this.topics, partitions);
		}
		else {
			log.info("{} listening on partitions {}", group, partitions);
		}
	}

}
