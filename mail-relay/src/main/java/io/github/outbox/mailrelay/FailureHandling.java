package io.github.outbox.mailrelay;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.dao.DataAccessException;
import org.springframework.kafka.KafkaException;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.kafka.listener.RetryListener;
import org.springframework.kafka.support.KafkaUtils;
import org.springframework.mail.MailException;
import org.springframework.mail.MailPreparationException;
import org.springframework.transaction.TransactionException;
import org.springframework.util.backoff.BackOff;

/**
 * What happens when handling a record fails. Poison records (malformed, unknown type,
 * recipient refused for good) go to the dead-letter topic at once. Outages (SMTP server
 * or database unreachable, timeouts) are retried without limit with a growing back-off,
 * blocking the partition rather than dead-lettering good mail. Anything else is retried a
 * few times, then dead-lettered.
 */
@Configuration(proxyBeanMethods = false)
class FailureHandling {

	/** Suffix of dead-letter topics, spring-kafka's default. */
	static final String DEAD_LETTER_SUFFIX = "-dlt";

	private static final Logger log = LoggerFactory.getLogger(FailureHandling.class);

	private static final List<Class<? extends Exception>> POISON = List.of(MalformedEventException.class,
			UnknownEventTypeException.class, RecipientRejectedException.class, MailPreparationException.class);

	private static final List<Class<? extends Exception>> OUTAGES = List.of(MailException.class,
			DataAccessException.class, TransactionException.class);

	/**
	 * The error handler of every listener in the application. A record the mail group
	 * gives up on goes to {@code <topic>-dlt}; one that another group (the SMS notifier)
	 * gives up on goes to {@code <topic>-<group>-dlt}, so that each group's dead letters
	 * stay apart when groups share a topic, and a re-driven record reaches the group that
	 * failed it.
	 */
	@Bean
	DefaultErrorHandler kafkaErrorHandler(KafkaOperations<?, ?> kafka, MailRelaySettings settings,
			KafkaProperties kafkaProperties) {
		String mailGroup = kafkaProperties.getConsumer().getGroupId();
		DeadLetterPublishingRecoverer deadLetters = new DeadLetterPublishingRecoverer(kafka, (record,
				ex) -> new TopicPartition(deadLetterTopic(record.topic(), groupOf(ex), mailGroup), record.partition()));
		DefaultErrorHandler handler = new DefaultErrorHandler(deadLetters, settings.retry().unexpectedFailureBackOff());
		POISON.forEach(handler::addNotRetryableExceptions);
		handler.setBackOffFunction((record, ex) -> isOutage(ex) ? settings.retry().outageBackOff() : null);
		handler.setRetryListeners(new FailureLog());
		// FailureLog reports each failure once, with the event id
		handler.setLogLevel(KafkaException.Level.DEBUG);
		return handler;
	}

	/**
	 * The dead-letter topics, created with the broker's defaults if missing. A record
	 * keeps its partition number when the dead-letter topic has that partition.
	 */
	@Bean
	KafkaAdmin.NewTopics deadLetterTopics(MailRelaySettings settings) {
		return new KafkaAdmin.NewTopics(settings.topics()
			.stream()
			.map((topic) -> TopicBuilder.name(topic + DEAD_LETTER_SUFFIX).build())
			.toArray(NewTopic[]::new));
	}

	static String deadLetterTopic(String topic, @Nullable String group, @Nullable String mailGroup) {
		if (group == null || group.equals(mailGroup)) {
			return topic + DEAD_LETTER_SUFFIX;
		}
		return topic + "-" + group + DEAD_LETTER_SUFFIX;
	}

	private static @Nullable String groupOf(Exception failure) {
		if (failure instanceof ListenerExecutionFailedException listenerFailure
				&& listenerFailure.getGroupId() != null) {
			return listenerFailure.getGroupId();
		}
		return KafkaUtils.getConsumerGroupId();
	}

	static boolean isPoison(Throwable failure) {
		return causeOfType(failure, POISON) != null;
	}

	static boolean isOutage(Throwable failure) {
		return !isPoison(failure) && causeOfType(failure, OUTAGES) != null;
	}

	private static @Nullable Throwable causeOfType(Throwable failure, List<Class<? extends Exception>> types) {
		for (Throwable cause = failure; cause != null; cause = (cause.getCause() != cause) ? cause.getCause() : null) {
			for (Class<? extends Exception> type : types) {
				if (type.isInstance(cause)) {
					return cause;
				}
			}
		}
		return null;
	}

	private static String describe(ConsumerRecord<?, ?> record) {
		Header eventId = record.headers().lastHeader(ReceivedEvent.EVENT_ID);
		String id = (eventId != null && eventId.value() != null) ? new String(eventId.value(), StandardCharsets.UTF_8)
				: "none";
		return "record " + record.topic() + "-" + record.partition() + "@" + record.offset() + " (event-id " + id + ")";
	}

	private static String reason(Exception ex) {
		Throwable cause = causeOfType(ex, POISON);
		if (cause == null) {
			cause = (ex.getCause() != null) ? ex.getCause() : ex;
		}
		return cause.getClass().getSimpleName() + ": " + cause.getMessage();
	}

	/** Logs each failed attempt and each dead-lettered record once. */
	private static final class FailureLog implements RetryListener {

		@Override
		public void failedDelivery(ConsumerRecord<?, ?> record, Exception ex, int deliveryAttempt) {
			if (isPoison(ex)) {
				return; // recovered() reports it
			}
			if (deliveryAttempt == 1) {
				log.warn("Handling {} failed (attempt 1), retrying", describe(record), ex);
			}
			else {
				log.warn("Handling {} failed (attempt {}), retrying: {}", describe(record), deliveryAttempt,
						reason(ex));
			}
		}

		@Override
		public void recovered(ConsumerRecord<?, ?> record, Exception ex) {
			log.warn("Dead-lettered {}: {}", describe(record), reason(ex));
		}

		@Override
		public void recoveryFailed(ConsumerRecord<?, ?> record, Exception original, Exception failure) {
			log.error("Could not dead-letter {}; it will be handled again", describe(record), failure);
		}

	}

}
