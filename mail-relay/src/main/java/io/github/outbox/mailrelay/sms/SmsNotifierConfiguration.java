package io.github.outbox.mailrelay.sms;

import java.util.Objects;

import org.apache.kafka.clients.admin.NewTopic;
import tools.jackson.databind.json.JsonMapper;

import io.github.outbox.mailrelay.EventLedger;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * The SMS notifier, unless {@code mail-relay.sms.enabled=false}. Its listener runs in the
 * application's listener container factory, so it shares the mail group's error handler.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "mail-relay.sms.enabled", matchIfMissing = true)
class SmsNotifierConfiguration {

	@Bean
	OrderSmsListener orderSmsListener(EventLedger ledger, SmsSender sender, JsonMapper json, SmsSettings settings,
			KafkaProperties kafkaProperties) {
		if (Objects.equals(settings.groupId(), kafkaProperties.getConsumer().getGroupId())) {
			throw new IllegalStateException("mail-relay.sms.group-id '" + settings.groupId()
					+ "' is the mail group (spring.kafka.consumer.group-id): give the SMS notifier a group of its own,"
					+ " or each event would get either its mail or its SMS");
		}
		return new OrderSmsListener(ledger, sender, json, settings);
	}

	/**
	 * Logs the messages instead of sending them, until the application declares a sender.
	 */
	@Bean
	@ConditionalOnMissingBean(SmsSender.class)
	LoggingSmsSender loggingSmsSender() {
		return new LoggingSmsSender();
	}

	/**
	 * The SMS notifier's dead-letter topics, created with the broker's defaults if
	 * missing.
	 */
	@Bean
	KafkaAdmin.NewTopics smsDeadLetterTopics(SmsSettings settings) {
		return new KafkaAdmin.NewTopics(settings.deadLetterTopics()
			.stream()
			.map((topic) -> TopicBuilder.name(topic).build())
			.toArray(NewTopic[]::new));
	}

}
