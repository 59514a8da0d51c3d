package io.github.outbox.sample.signup;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import io.github.outbox.sample.RequestBodyLimit;
import io.github.outbox.sample.RequestLimit;

/**
 * Settings of the sign-up, bound from {@code sample.signup.*}.
 *
 * @param confirmationBaseUrl where users reach this application; the confirmation link
 * starts with it
 * @param confirmationTtl how long a confirmation link works
 * @param resendLimit how often one email address may ask for a new confirmation link
 * @param maxRequestSize largest request body the sign-up endpoints read; a larger one is
 * refused with 413, unread when its {@code Content-Length} says so
 * @param signupsPerAddress most sign-ups with one address within the sign-up limit's
 * window, whether or not it has an account: each one mails the address; 0 means no limit
 * @param signupsPerClient most sign-ups from one client address (as the application sees
 * it) within the window; 0, the default, means no limit, as behind a proxy every client
 * has the proxy's address
 * @param signupLimitWindow the sliding period over which the sign-up limits count
 */
@ConfigurationProperties("sample.signup")
record SignupProperties(@DefaultValue("http://localhost:8080") URI confirmationBaseUrl,
		@DefaultValue("24h") Duration confirmationTtl, @DefaultValue ResendLimit resendLimit,
		@DefaultValue("16KB") DataSize maxRequestSize, @DefaultValue("3") int signupsPerAddress,
		@DefaultValue("0") int signupsPerClient, @DefaultValue("1h") Duration signupLimitWindow) {

	SignupProperties {
		requirePositive("sample.signup.confirmation-ttl", confirmationTtl);
		RequestBodyLimit.requireReadable("sample.signup.max-request-size", maxRequestSize);
		requirePositive("sample.signup.signup-limit-window", signupLimitWindow);
		if (signupsPerAddress < 0 || signupsPerClient < 0) {
			throw new IllegalArgumentException("sample.signup.signups-per-address and signups-per-client must not be "
					+ "negative, were " + signupsPerAddress + " and " + signupsPerClient);
		}
	}

	RequestLimit perAddress() {
		return new RequestLimit("signups-per-address", this.signupsPerAddress, this.signupLimitWindow);
	}

	RequestLimit perClient() {
		return new RequestLimit("signups-per-client", this.signupsPerClient, this.signupLimitWindow);
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
			Duration wait = new RequestLimit("resend-limit", this.maxRequests, this.window).waitBefore(earlier, now);
			if (!earlier.isEmpty()) {
				wait = max(wait, Duration.between(now, earlier.get(earlier.size() - 1).plus(this.minInterval)));
			}
			return wait;
		}

		private static Duration max(Duration a, Duration b) {
			return (a.compareTo(b) >= 0) ? a : b;
		}

	}

}
