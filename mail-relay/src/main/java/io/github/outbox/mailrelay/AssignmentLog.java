package io.github.outbox.mailrelay;

import java.util.Collection;
import java.util.List;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;
import org.springframework.stereotype.Component;

/**
 * Says when mail-relay is ready: its consumer got partitions to read. Scripts and tests
 * that start mail-relay wait for this line.
 */
@Component
class AssignmentLog implements ConsumerAwareRebalanceListener {

	private static final Logger log = LoggerFactory.getLogger(AssignmentLog.class);

	private final List<String> topics;

	AssignmentLog(MailRelaySettings settings) {
		this.topics = settings.topics();
	}

	@Override
	public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
		if (!partitions.isEmpty()) {
			log.info("mail-relay listening on {} (partitions {})", this.topics, partitions);
		}
	}

}
