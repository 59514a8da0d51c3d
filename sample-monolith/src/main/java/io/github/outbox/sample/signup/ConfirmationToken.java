package io.github.outbox.sample.signup;

import java.security.SecureRandom;
import java.util.Base64;

import io.github.outbox.sample.Sha256;

/**
 * A single-use confirmation token: 256 random bits, sent to the user and stored only as
 * its SHA-256 hash, so that a copy of the database confirms no account.
 */
record ConfirmationToken(String value) {

	private static final SecureRandom RANDOM = new SecureRandom();

	private static final int BYTES = 32;

	static ConfirmationToken generate() {
		byte[] bytes = new byte[BYTES];
		RANDOM.nextBytes(bytes);
		return new ConfirmationToken(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
	}

	byte[] hash() {
		return Sha256.of(this.value);
	}

}
