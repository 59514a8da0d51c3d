package io.github.outbox.mailrelay;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.kafka.KafkaException;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.ExceptionClassifier;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.kafka.listener.RetryListener;
import org.springframework.kafka.support.ExceptionMatcher;
import org.springframework.kafka.support.KafkaUtils;
import org.springframework.mail.MailAuthenticationException;
import org.springframework.mail.MailPreparationException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/**
 * What happens when handling a record fails: the one failure policy of every listener in
 * the application, decided by the type of the exception or of any of its causes, with
 * spring-kafka's classifier ({@link DefaultErrorHandler#addNotRetryableExceptions} and an
 * {@link ExceptionMatcher} that traverses causes):
 * <ul>
 * <li><b>Permanent</b> ({@link #PERMANENT}): handling the record again cannot succeed. A
 * malformed record or payload (this includes a recipient address mail-relay cannot send
 * to, see {@link Mail#requireBareAddress}), an event type no composer handles, a mail the
 * SMTP server refused for good (5xx to the recipient or the message), a message that
 * cannot be written, and spring-kafka's own fatal exceptions. Dead-lettered at once,
 * without a retry.</li>
 * <li><b>Transient</b> ({@link #TRANSIENT}): an outage, nothing wrong with the record.
 * The SMTP server unreachable, slow, refusing the session or the sender, answering 4xx,
 * or refusing the credentials (fixed by an operator, not by dead-lettering every mail);
 * the database unreachable or failing for now (a lock timeout, a serialization failure, a
 * lost connection). Retried without limit with {@code mail-relay.retry.*}'s growing
 * back-off; the partition waits, nothing is skipped.</li>
 * <li><b>Unexpected</b>: anything else, such as a bug (bad SQL, a
 * {@code NullPointerException}). Attempted
 * {@code mail-relay.retry.unexpected-failure-attempts} times in all with the same
 * back-off, then dead-lettered.</li>
 * </ul>
 * A permanent cause anywhere in the chain wins over a transient one. A record the mail
 * group gives up on goes to {@code <topic>-dlt}, one another group (the SMS notifier)
 * gives up on to {@code <topic>-<group>-dlt} ({@link DeadLetterNames}); spring-kafka's
 * recoverer adds the {@code kafka_dlt-exception-*} headers with the reason.
 */
@Configuration(proxyBeanMethods = false)
class FailureHandling {

	private static final Logger log = LoggerFactory.getLogger(FailureHandling.class);

	/** Failures that another attempt cannot cure: dead-lettered at once. */
	static final List<Class<? extends Exception>> PERMANENT = permanent();

	/** Outages: retried without limit. */
	static final List<Class<? extends Exception>> TRANSIENT = List.of(SmtpUnavailableException.class,
			MailAuthenticationException.class, TransientDataAccessException.class,
			DataAccessResourceFailureException.class, RecoverableDataAccessException.class,
			CannotCreateTransactionException.class, TransactionSystemException.class);

	private static final ExceptionMatcher PERMANENT_FAILURES = matcher(PERMANENT);

	private static final ExceptionMatcher TRANSIENT_FAILURES = matcher(TRANSIENT);

	/** What a failure is, by the policy above. */
	enum Kind {

		PERMANENT, TRANSIENT, UNEXPECTED

	}

	@Bean
	DefaultErrorHandler kafkaErrorHandler(KafkaOperations<?, ?> kafka, MailRelayProperties settings,
			KafkaProperties kafkaProperties, RetryingRecords retrying) {
		String mailGroup = kafkaProperties.getConsumer().getGroupId();
		DeadLetterPublishingRecoverer deadLetters = new DeadLetterPublishingRecoverer(kafka, (record,
				ex) -> new TopicPartition(deadLetterTopic(record.topic(), groupOf(ex), mailGroup), record.partition()));
		DefaultErrorHandler handler = new DefaultErrorHandler(deadLetters, settings.retry().unexpectedFailureBackOff());
		handler.addNotRetryableExceptions(PERMANENT.toArray(Class[]::new));
		// null: the handler's back-off, which stops after the unexpected-failure attempts
		handler.setBackOffFunction(
				(record, ex) -> (classify(ex) == Kind.TRANSIENT) ? settings.retry().outageBackOff() : null);
		handler.setRetryListeners(new FailureLog(), retrying);
		// FailureLog reports each failure once, with the event id
		handler.setLogLevel(KafkaException.Level.DEBUG);
		return handler;
	}

	/**
	 * The mail group's dead-letter topics, created if missing with as many partitions as
	 * the mail group has listener threads, so that a record keeps its partition number
	 * (spring-kafka's recoverer picks any partition when the dead-letter topic lacks it).
	 */
	@Bean
	KafkaAdmin.NewTopics deadLetterTopics(MailRelayProperties settings, KafkaProperties kafkaProperties) {
		int partitions = listenerThreads(kafkaProperties);
		return new KafkaAdmin.NewTopics(settings.topics()
			.stream()
			.map((topic) -> TopicBuilder.name(DeadLetterNames.of(topic)).partitions(partitions).build())
			.toArray(NewTopic[]::new));
	}

	/** {@code spring.kafka.listener.concurrency}, 1 if unset. */
	static int listenerThreads(KafkaProperties kafkaProperties) {
		Integer concurrency = kafkaProperties.getListener().getConcurrency();
		return (concurrency != null) ? concurrency : 1;
	}

	/** Whether a failure is permanent, transient or unexpected. */
	static Kind classify(Throwable failure) {
		if (PERMANENT_FAILURES.match(failure)) {
			return Kind.PERMANENT;
		}
		return TRANSIENT_FAILURES.match(failure) ? Kind.TRANSIENT : Kind.UNEXPECTED;
	}

	static String deadLetterTopic(String topic, @Nullable String group, @Nullable String mailGroup) {
		return (group == null || group.equals(mailGroup)) ? DeadLetterNames.of(topic)
				: DeadLetterNames.of(topic, group);
	}

	private static List<Class<? extends Exception>> permanent() {
		List<Class<? extends Exception>> permanent = new ArrayList<>(List.of(MalformedEventException.class,
				UnknownEventTypeException.class, MailRefusedException.class, MailPreparationException.class));
		ExceptionClassifier.defaultFatalExceptionsList()
			.stream()
			.filter(Exception.class::isAssignableFrom)
			.map((type) -> type.asSubclass(Exception.class))
			.forEach(permanent::add);
		return List.copyOf(permanent);
	}

	private static ExceptionMatcher matcher(List<Class<? extends Exception>> types) {
		return ExceptionMatcher.forAllowList().addAll(List.copyOf(types)).traverseCauses(true).build();
	}

	/**
	 * The consumer group whose listener failed: the one the container names in its
	 * exception, else the one of the listener thread that reports the failure.
	 */
	static @Nullable String groupOf(Exception failure) {
		if (failure instanceof ListenerExecutionFailedException listenerFailure
				&& listenerFailure.getGroupId() != null) {
			return listenerFailure.getGroupId();
		}
		return KafkaUtils.getConsumerGroupId();
	}

	static String describe(ConsumerRecord<?, ?> record) {
		return "record " + ReceivedEvent.origin(record) + " (event-id " + eventId(record) + ")";
	}

	static String eventId(ConsumerRecord<?, ?> record) {
		return Objects.requireNonNullElse(ReceivedEvent.header(record.headers(), ReceivedEvent.EVENT_ID), "none");
	}

	/** The listener's exception, without the container's wrapper. */
	static String reason(Exception ex) {
		Throwable cause = (ex instanceof ListenerExecutionFailedException && ex.getCause() != null) ? ex.getCause()
				: ex;
		return cause.getClass().getSimpleName() + ": " + cause.getMessage();
	}

	/** Logs each failed attempt and each dead-lettered record once. */
	private static final class FailureLog implements RetryListener {

		@Override
		public void failedDelivery(ConsumerRecord<?, ?> record, Exception ex, int deliveryAttempt) {
			Kind kind = classify(ex);
			if (kind == Kind.PERMANENT) {
				return; // recovered() reports it
			}
			if (deliveryAttempt == 1) {
				log.warn("Handling {} failed (attempt 1, {}), retrying", describe(record), kind, ex);
			}
			else {
				log.warn("Handling {} failed (attempt {}, {}), retrying: {}", describe(record), deliveryAttempt, kind,
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
