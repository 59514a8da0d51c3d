package io.github.outbox.sample.signup;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import io.github.outbox.sample.RequestBodyLimit;

/**
 * Settings of the sign-up, bound from {@code sample.signup.*}.
 *
 * @param confirmationBaseUrl where users reach this application; the confirmation link
 * starts with it
 * @param confirmationTtl how long a confirmation link works
 * @param resendLimit how often one email address may ask for a new confirmation link
 * @param maxRequestSize largest request body the sign-up endpoints read; a larger one is
 * refused with 413 before it is parsed
 */
@ConfigurationProperties("sample.signup")
record SignupSettings(@DefaultValue("http://localhost:8080") URI confirmationBaseUrl,
		@DefaultValue("24h") Duration confirmationTtl, @DefaultValue ResendLimit resendLimit,
		@DefaultValue("16KB") DataSize maxRequestSize) {

	SignupSettings {
		requirePositive("sample.signup.confirmation-ttl", confirmationTtl);
		RequestBodyLimit.requireReadable("sample.signup.max-request-size", maxRequestSize);
	}

	private static void requirePositive(String name, Duration value) {
		if (value.isNegative() || value.isZero()) {
			throw new IllegalArgumentException(name + " must be positive, was " + value);
		}
	}

	/**
	 * The limit on requests for a new confirmation link, per email address: each one
	 * sends a mail, so without a limit the endpoint would let anyone flood an inbox.
	 *
	 * @param maxRequests most requests one address may make within the window
	 * @param window the sliding period over which max-requests counts the requests
	 * @param minInterval least time between two requests of one address
	 */
	record ResendLimit(@DefaultValue("3") int maxRequests, @DefaultValue("1h") Duration window,
			@DefaultValue("60s") Duration minInterval) {

		ResendLimit {
			if (maxRequests < 1) {
				throw new IllegalArgumentException(
						"sample.signup.resend-limit.max-requests must be at least 1, was " + maxRequests);
			}
			requirePositive("sample.signup.resend-limit.window", window);
			if (minInterval.isNegative()) {
				throw new IllegalArgumentException(
						"sample.signup.resend-limit.min-interval must not be negative, was " + minInterval);
			}
		}

		/**
		 * How long a new request must wait, given the requests this address made before.
		 * @param earlier the admitted requests still within the window, oldest first
		 * @param now the time of the new request
		 * @return zero if the request may go ahead
		 */
		Duration waitBefore(List<Instant> earlier, Instant now) {
			Duration wait = Duration.ZERO;
			if (!earlier.isEmpty()) {
				wait = max(wait, Duration.between(now, earlier.get(earlier.size() - 1).plus(this.minInterval)));
			}
			if (earlier.size() >= this.maxRequests) {
				Instant leavesTheWindow = earlier.get(earlier.size() - this.maxRequests).plus(this.window);
				wait = max(wait, Duration.between(now, leavesTheWindow));
			}
			return wait;
		}

		private static Duration max(Duration a, Duration b) {
			return (a.compareTo(b) >= 0) ? a : b;
		}

	}

}
