package io.github.outbox.mailrelay;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.BackOffExecution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class MailRelayPropertiesTests {

	@Test
	void hasDefaultsForEverything() {
		MailRelayProperties settings = bind(Map.of());

		assertThat(settings.topics()).containsExactly("outbox.event.User", "outbox.event.Order");
		assertThat(settings.from()).isEqualTo("no-reply@example.com");
		assertThat(settings.messageIdDomain()).isEqualTo("mail-relay.local");
		assertThat(settings.retry().initialInterval()).isEqualTo(Duration.ofSeconds(1));
		assertThat(settings.retry().multiplier()).isEqualTo(2.0);
		assertThat(settings.retry().maxInterval()).isEqualTo(Duration.ofSeconds(30));
		assertThat(settings.retry().unexpectedFailureAttempts()).isEqualTo(5);
	}

	@Test
	void derivesTheMessageIdFromTheEventId() {
		MailRelayProperties settings = bind(Map.of("mail-relay.message-id-domain", "mail.example.com"));
		UUID eventId = UUID.fromString("3f8a4c1e-1b9d-4a57-8c1f-2e6b0d9a7c55");

		assertThat(settings.messageIdFor(eventId)).isEqualTo("<3f8a4c1e-1b9d-4a57-8c1f-2e6b0d9a7c55@mail.example.com>")
			.isEqualTo(settings.messageIdFor(eventId));
	}

	@Test
	void acceptsASenderWithADisplayName() {
		MailRelayProperties settings = bind(Map.of("mail-relay.from", "Example <no-reply@example.com>"));

		assertThat(settings.fromAddress().getPersonal()).isEqualTo("Example");
		assertThat(settings.fromAddress().getAddress()).isEqualTo("no-reply@example.com");
	}

	@Test
	void refusesBadValuesAtStartUp() {
		assertThatExceptionOfType(BindException.class).isThrownBy(() -> bind(Map.of("mail-relay.from", "nobody")));
		assertThatExceptionOfType(BindException.class)
			.isThrownBy(() -> bind(Map.of("mail-relay.message-id-domain", "bad domain>")));
		assertThatExceptionOfType(BindException.class)
			.isThrownBy(() -> bind(Map.of("mail-relay.retry.max-interval", "0s")));
	}

	@Test
	void retriesAnOutageWithoutLimitUpToTheCeiling() {
		BackOff backOff = bind(
				Map.of("mail-relay.retry.initial-interval", "100ms", "mail-relay.retry.max-interval", "1s"))
			.retry()
			.outageBackOff();

		assertThat(intervals(backOff.start(), 1000)).hasSize(1000)
			.startsWith(100L, 200L, 400L, 800L, 1000L)
			.allMatch((interval) -> interval <= 1000L);
	}

	@Test
	void retriesAnUnexpectedFailureUntilTheAttemptsAreUsedUp() {
		BackOff backOff = bind(Map.of("mail-relay.retry.unexpected-failure-attempts", "3")).retry()
			.unexpectedFailureBackOff();

		// three attempts: the first and two retries
		assertThat(intervals(backOff.start(), 10)).containsExactly(1000L, 2000L);
	}

	private static List<Long> intervals(BackOffExecution execution, int most) {
		List<Long> intervals = new ArrayList<>();
		for (long next = execution.nextBackOff(); next != BackOffExecution.STOP
				&& intervals.size() < most; next = execution.nextBackOff()) {
			intervals.add(next);
		}
		return intervals;
	}

	private static MailRelayProperties bind(Map<String, String> properties) {
		return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate("mail-relay",
				MailRelayProperties.class);
	}

}
