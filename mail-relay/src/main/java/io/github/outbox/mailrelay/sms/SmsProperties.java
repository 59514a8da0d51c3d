package io.github.outbox.mailrelay.sms;

import java.util.List;

import io.github.outbox.mailrelay.DeadLetterNames;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the SMS notifier, bound from {@code mail-relay.sms.*}. Its consumer uses
 * Boot's {@code spring.kafka.consumer.*} like the mail group, with its own group id.
 *
 * @param enabled whether the application runs the SMS notifier at all
 * @param groupId the consumer group of the SMS notifier; it must differ from the mail
 * group ({@code spring.kafka.consumer.group-id}) so that each group gets every event
 * @param topics the topics of the {@code OrderPlaced} events; each gets a dead-letter
 * topic named {@code <topic>-<group-id>-dlt}
 * @param logOnly whether, when the application declares no {@link SmsSender}, the
 * notifier runs anyway and only logs each text, recording none as sent (for development:
 * the orders it logs are never texted later)
 */
@ConfigurationProperties("mail-relay.sms")
record SmsProperties(@DefaultValue("true") boolean enabled, @DefaultValue("sms-notifier") String groupId,
		@DefaultValue("outbox.event.Order") List<String> topics, @DefaultValue("false") boolean logOnly) {

	SmsProperties {
		if (groupId.isBlank()) {
			throw new IllegalArgumentException("mail-relay.sms.group-id must not be blank");
		}
		if (topics.isEmpty() || topics.stream().anyMatch(String::isBlank)) {
			throw new IllegalArgumentException("mail-relay.sms.topics must name at least one topic, and no blank one");
		}
		topics = List.copyOf(topics);
	}

	/**
	 * The dead-letter topics: the group id between the topic and spring-kafka's suffix,
	 * apart from the mail group's {@code <topic>-dlt} on the same topics.
	 */
	List<String> deadLetterTopics() {
		return this.topics.stream().map((topic) -> DeadLetterNames.of(topic, this.groupId)).toList();
	}

}
