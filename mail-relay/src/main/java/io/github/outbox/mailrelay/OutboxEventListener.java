package io.github.outbox.mailrelay;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Consumes the outbox topics and hands each event to the {@link MailComposer} of its
 * type. Exceptions go to the container's error handler (see {@link FailureHandling}): the
 * offset of a record is committed only once its mail is sent or it is dead-lettered.
 */
@Component
class OutboxEventListener {

	private final Map<String, MailComposer> composers;

	private final MailDelivery delivery;

	private final List<String> topics;

	OutboxEventListener(List<MailComposer> composers, MailDelivery delivery, MailRelayProperties settings) {
		this.composers = composers.stream()
			.collect(Collectors.toUnmodifiableMap(MailComposer::eventType, Function.identity()));
		this.delivery = delivery;
		this.topics = settings.topics();
	}

	/** The topics to consume, for the listener annotation. */
	public String[] getTopics() {
		return this.topics.toArray(String[]::new);
	}

	@KafkaListener(id = "mail-relay", idIsGroup = false, topics = "#{__listener.topics}")
	void on(ConsumerRecord<String, byte[]> record) {
		ReceivedEvent event = ReceivedEvent.from(record);
		MailComposer composer = this.composers.get(event.type());
		if (composer == null) {
			throw new UnknownEventTypeException(event, this.composers.keySet());
		}
		this.delivery.deliverOnce(event, composer.compose(event));
	}

}
