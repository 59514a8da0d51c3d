package io.github.outbox.sample.signup;

import org.springframework.http.HttpStatus;

/**
 * Why a sign-up or a confirmation was refused, as the HTTP status a client sees.
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
			super(HttpStatus.GONE, "This confirmation link has expired");
		}

	}

}
