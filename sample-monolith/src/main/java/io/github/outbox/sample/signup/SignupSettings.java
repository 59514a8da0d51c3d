package io.github.outbox.sample.signup;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the sign-up, bound from {@code sample.signup.*}.
 *
 * @param confirmationBaseUrl where users reach this application; the confirmation link
 * starts with it
 * @param confirmationTtl how long a confirmation link works
 */
@ConfigurationProperties("sample.signup")
record SignupSettings(@DefaultValue("http://localhost:8080") URI confirmationBaseUrl,
		@DefaultValue("24h") Duration confirmationTtl) {

	SignupSettings {
		if (confirmationTtl.isNegative() || confirmationTtl.isZero()) {
			throw new IllegalArgumentException("sample.signup.confirmation-ttl must be positive");
		}
	}

}
