package io.github.outbox.sample.signup;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

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
		try {
			return MessageDigest.getInstance("SHA-256").digest(this.value.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every Java runtime has SHA-256", ex);
		}
	}

}
