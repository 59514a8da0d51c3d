package io.github.outbox.mailrelay;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * Settings of mail-relay, bound from {@code mail-relay.*}. The SMTP server, the database
 * and the Kafka cluster (consumer group included) are Boot's {@code spring.mail.*},
 * {@code spring.datasource.*} and {@code spring.kafka.*}.
 *
 * @param topics the topics the outbox publishes the events to; each gets a dead-letter
 * topic named after it with the suffix "-dlt"
 * @param from sender of every mail, an address optionally with a display name
 * @param messageIdDomain right-hand side of the Message-ID derived from the event id, so
 * that a mail sent again after a crash carries the same Message-ID
 * @param retry how failed deliveries are retried
 */
@ConfigurationProperties("mail-relay")
record MailRelayProperties(@DefaultValue( {
		"outbox.event.User", "outbox.event.Order" }) List<String> topics,
		@DefaultValue("no-reply@example.com") String from, @DefaultValue("mail-relay.local") String messageIdDomain,
		@DefaultValue Retry retry){

	MailRelayProperties {
		if (topics.isEmpty() || topics.stream().anyMatch(String::isBlank)) {
			throw new IllegalArgumentException("mail-relay.topics must name at least one topic, and no blank one");
		}
		topics = List.copyOf(topics);
		try {
			new InternetAddress(from, true).validate();
		}
		catch (AddressException ex) {
			throw new IllegalArgumentException(
					"mail-relay.from '" + from + "' is not a valid address: " + ex.getMessage(), ex);
		}
		if (!messageIdDomain
			.matches("[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*")) {
			throw new IllegalArgumentException("mail-relay.message-id-domain '" + messageIdDomain
					+ "' must be a domain name such as mail-relay.local");
		}
	}

	/** The sender address, validated at start-up. */
	InternetAddress fromAddress() {
		try {
			return new InternetAddress(this.from, true);
		}
		catch (AddressException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * The Message-ID of the mail for an event: the same event always yields the same id.
	 */
	String messageIdFor(UUID eventId) {
		return "<" + eventId + "@" + this.messageIdDomain + ">";
	}

	/**
	 * Back-off between attempts to handle a record that failed. An outage (SMTP server or
	 * database unreachable, timeouts) is retried without limit, so that no good mail is
	 * dead-lettered and no offset skipped; other unexpected failures are retried a few
	 * times and then dead-lettered. Poison records (malformed, unknown type) are
	 * dead-lettered at once.
	 *
	 * @param initialInterval the first wait
	 * @param multiplier factor applied to the wait after each failed attempt
	 * @param maxInterval the longest wait
	 * @param unexpectedFailureAttempts attempts in all for a failure that is neither an
	 * outage nor a poison record, before the record is dead-lettered
	 */
	record Retry(@DefaultValue("1s") Duration initialInterval, @DefaultValue("2.0") double multiplier,
			@DefaultValue("30s") Duration maxInterval, @DefaultValue("5") int unexpectedFailureAttempts) {

		Retry {
			requirePositive("mail-relay.retry.initial-interval", initialInterval);
			requirePositive("mail-relay.retry.max-interval", maxInterval);
			if (multiplier < 1.0) {
				throw new IllegalArgumentException("mail-relay.retry.multiplier must be at least 1, was " + multiplier);
			}
			if (unexpectedFailureAttempts < 1) {
				throw new IllegalArgumentException(
						"mail-relay.retry.unexpected-failure-attempts must be at least 1, was "
								+ unexpectedFailureAttempts);
			}
		}

		/** Waits growing up to the ceiling, without a limit on attempts or time. */
		BackOff outageBackOff() {
			return growingBackOff();
		}

		/** The same waits, stopping after the configured number of attempts. */
		BackOff unexpectedFailureBackOff() {
			ExponentialBackOff backOff = growingBackOff();
			// the first attempt is not a retry
			backOff.setMaxAttempts(this.unexpectedFailureAttempts - 1L);
			return backOff;
		}

		private ExponentialBackOff growingBackOff() {
			ExponentialBackOff backOff = new ExponentialBackOff(this.initialInterval.toMillis(), this.multiplier);
			backOff.setMaxInterval(this.maxInterval.toMillis());
			return backOff;
		}

	}

	/** Fails the binding of the setting {@code name} unless it is longer than zero. */
	static void requirePositive(String name, Duration value) {
		if (value.isNegative() || value.isZero()) {
			throw new IllegalArgumentException(name + " must be positive, was " + value);
		}
	}

}
