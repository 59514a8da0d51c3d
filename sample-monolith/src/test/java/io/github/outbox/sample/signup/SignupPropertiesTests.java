package io.github.outbox.sample.signup;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class SignupPropertiesTests {

	private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

	private final SignupProperties.ResendLimit limit = bind(Map.of()).resendLimit();

	@Test
	void hasDefaultsForEverything() {
		SignupProperties settings = bind(Map.of());

		assertThat(settings.confirmationBaseUrl()).isEqualTo(URI.create("http://localhost:8080"));
		assertThat(settings.confirmationTtl()).isEqualTo(Duration.ofHours(24));
		assertThat(settings.maxRequestSize()).isEqualTo(DataSize.ofKilobytes(16));
		assertThat(settings.resendLimit().maxRequests()).isEqualTo(3);
		assertThat(settings.resendLimit().window()).isEqualTo(Duration.ofHours(1));
		assertThat(settings.resendLimit().minInterval()).isEqualTo(Duration.ofSeconds(60));
	}

	@Test
	void refusesBadValuesAtStartUp() {
		assertThatExceptionOfType(BindException.class)
			.isThrownBy(() -> bind(Map.of("sample.signup.resend-limit.max-requests", "0")));
		assertThatExceptionOfType(BindException.class)
			.isThrownBy(() -> bind(Map.of("sample.signup.resend-limit.window", "0s")));
		assertThatExceptionOfType(BindException.class)
			.isThrownBy(() -> bind(Map.of("sample.signup.resend-limit.min-interval", "-1s")));
		assertThatExceptionOfType(BindException.class)
			.isThrownBy(() -> bind(Map.of("sample.signup.max-request-size", "0B")));
		assertThatExceptionOfType(BindException.class)
			.isThrownBy(() -> bind(Map.of("sample.signup.confirmation-ttl", "0s")));
	}

	@Test
	void letsTheFirstRequestOfAnAddressThrough() {
		assertThat(this.limit.waitBefore(List.of(), NOW)).isZero();
	}

	@Test
	void makesASecondRequestWaitForTheMinimumInterval() {
		assertThat(this.limit.waitBefore(List.of(NOW.minusSeconds(15)), NOW)).isEqualTo(Duration.ofSeconds(45));
		assertThat(this.limit.waitBefore(List.of(NOW.minusSeconds(60)), NOW)).isZero();
	}

	@Test
	void makesTheRequestAfterTheMaximumWaitUntilTheOldestLeavesTheWindow() {
		List<Instant> three = List.of(NOW.minusSeconds(1800), NOW.minusSeconds(600), NOW.minusSeconds(300));

		assertThat(this.limit.waitBefore(three, NOW)).isEqualTo(Duration.ofSeconds(1800));
		assertThat(this.limit.waitBefore(three.subList(1, 3), NOW)).isZero();
		assertThat(this.limit.waitBefore(three, NOW.plusSeconds(1800))).isZero();
	}

	@Test
	void makesARequestWaitForTheLongerOfBothLimits() {
		List<Instant> three = List.of(NOW.minusSeconds(3590), NOW.minusSeconds(100), NOW.minusSeconds(20));

		assertThat(this.limit.waitBefore(three, NOW)).isEqualTo(Duration.ofSeconds(40));
	}

	private static SignupProperties bind(Map<String, String> properties) {
		return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate("sample.signup",
				SignupProperties.class);
	}

}
