package io.github.outbox.sample.signup;

import java.time.Duration;

import org.springframework.http.HttpStatus;

/**
 * Why a sign-up, a confirmation or a request for a new confirmation link was refused, as
 * the HTTP status a client sees.
 */
abstract sealed class SignupFailure extends RuntimeException {

	private final HttpStatus status;

	SignupFailure(HttpStatus status, String message) {
		super(message);
		this.status = status;
	}

	HttpStatus status() {
		return this.status;
	}

	static final class EmailAlreadyRegistered extends SignupFailure {

		EmailAlreadyRegistered(String email) {
			super(HttpStatus.CONFLICT, "An account for " + email + " exists already");
		}

	}

	static final class UnknownConfirmationToken extends SignupFailure {

		UnknownConfirmationToken() {
			super(HttpStatus.NOT_FOUND, "This confirmation link is not valid");
		}

	}

	static final class ConfirmationTokenUsed extends SignupFailure {

		ConfirmationTokenUsed() {
			super(HttpStatus.CONFLICT, "This confirmation link was used already");
		}

	}

	static final class ConfirmationTokenExpired extends SignupFailure {

		ConfirmationTokenExpired() {
			super(HttpStatus.GONE, "This confirmation link has expired, or a newer one was sent");
		}

	}

	static final class TooManyConfirmationRequests extends SignupFailure {

		private final Duration retryAfter;

		TooManyConfirmationRequests(Duration retryAfter) {
			super(HttpStatus.TOO_MANY_REQUESTS,
					"Too many requests for a confirmation link for this address; try again in " + seconds(retryAfter)
							+ " s");
			this.retryAfter = retryAfter;
		}

		/** Whole seconds, rounded up: a client that waits that long is let through. */
		long retryAfterSeconds() {
			return seconds(this.retryAfter);
		}

		private static long seconds(Duration duration) {
			return Math.max(1, duration.plusNanos(999_999_999).getSeconds());
		}

	}

}
