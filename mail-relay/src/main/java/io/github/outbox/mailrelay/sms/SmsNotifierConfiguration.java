package io.github.outbox.mailrelay.sms;

import java.util.Objects;

import org.apache.kafka.clients.admin.NewTopic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import io.github.outbox.mailrelay.EventLedger;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * The SMS notifier, unless {@code mail-relay.sms.enabled=false}. Its listener runs in the
 * application's listener container factory, so it shares the mail group's error handler.
 * It starts only when the application declares an {@link SmsSender}: a notifier without a
 * sender would record texts as sent in {@code sent_sms} that no gateway ever got, and
 * they would never go out once a real sender is declared.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "mail-relay.sms.enabled", matchIfMissing = true)
class SmsNotifierConfiguration {

	private static final Logger log = LoggerFactory.getLogger(SmsNotifierConfiguration.class);

	@Bean
	OrderSmsListener orderSmsListener(EventLedger ledger, ObjectProvider<SmsSender> senders, JsonMapper json,
			SmsProperties settings, KafkaProperties kafkaProperties) {
		if (Objects.equals(settings.groupId(), kafkaProperties.getConsumer().getGroupId())) {
			throw new IllegalStateException("mail-relay.sms.group-id '" + settings.groupId()
					+ "' is the mail group (spring.kafka.consumer.group-id): give the SMS notifier a group of its own,"
					+ " or each event would get either its mail or its SMS");
		}
		SmsSender sender = senders.getIfUnique();
		if (sender != null) {
			return new OrderSmsListener(ledger, sender, false, json, settings);
		}
		if (settings.logOnly()) {
			log.warn("The SMS notifier only logs the texts (mail-relay.sms.log-only): none is sent, none is recorded "
					+ "as sent, and the orders it logs will not be texted once a sender is declared");
			return new OrderSmsListener(ledger, new LoggingSmsSender(), true, json, settings);
		}
		log.warn("The SMS notifier does not start: the application declares no SmsSender bean (or several). "
				+ "Its group {} keeps its offsets, and texts the orders placed meanwhile once a sender is declared",
				settings.groupId());
		return new OrderSmsListener(ledger, null, false, json, settings);
	}

	/**
	 * The SMS notifier's dead-letter topics, created if missing with as many partitions
	 * as the group has listener threads, like the mail group's.
	 */
	@Bean
	KafkaAdmin.NewTopics smsDeadLetterTopics(SmsProperties settings, KafkaProperties kafkaProperties) {
		int partitions = Objects.requireNonNullElse(kafkaProperties.getListener().getConcurrency(), 1);
		return new KafkaAdmin.NewTopics(settings.deadLetterTopics()
			.stream()
			.map((topic) -> TopicBuilder.name(topic).partitions(partitions).build())
			.toArray(NewTopic[]::new));
	}

}
