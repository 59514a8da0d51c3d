package io.github.outbox.sample.signup;

import java.time.Duration;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * Why a confirmation or a request for a new confirmation link was refused, as the problem
 * a client sees.
 */
abstract sealed class SignupFailure extends ErrorResponseException {

	SignupFailure(HttpStatus status, String detail) {
		super(status, ProblemDetail.forStatusAndDetail(status, detail), null);
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

		TooManyConfirmationRequests(Duration retryAfter) {
			super(HttpStatus.TOO_MANY_REQUESTS,
					"Too many requests for a confirmation link for this address; try again in " + seconds(retryAfter)
							+ " s");
			getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(seconds(retryAfter)));
		}

		/** Whole seconds, rounded up: a client that waits that long is let through. */
		private static long seconds(Duration duration) {
			return Math.max(1, duration.plusNanos(999_999_999).getSeconds());
		}

	}

}
