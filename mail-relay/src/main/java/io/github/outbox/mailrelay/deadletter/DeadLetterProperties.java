package io.github.outbox.mailrelay.deadletter;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the {@code dead-letters} command, bound from
 * {@code mail-relay.dead-letters.*}. The Kafka cluster is Boot's {@code spring.kafka.*}
 * and the topics are those of {@code mail-relay.topics}, as for mail-relay itself.
 *
 * @param timeout how long the command waits for Kafka: for a topic's metadata, for
 * reading the dead-letter topics to their end, and for the acknowledgement of a re-driven
 * record
 */
@ConfigurationProperties("mail-relay.dead-letters")
record DeadLetterProperties(@DefaultValue("30s") Duration timeout) {

	DeadLetterProperties {
		if (timeout.isNegative() || timeout.isZero()) {
			throw new IllegalArgumentException("mail-relay.dead-letters.timeout must be positive, was " + timeout);
		}
	}

}
