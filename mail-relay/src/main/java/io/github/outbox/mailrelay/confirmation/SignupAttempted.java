package io.github.outbox.mailrelay.confirmation;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.jspecify.annotations.Nullable;

import io.github.outbox.mailrelay.Mail;

/**
 * What mail-relay reads of a {@code SignupAttempted} event's JSON payload: someone signed
 * up with the address of an existing account, and its owner is told. The reference
 * document is {@code docs/contracts/SignupAttempted.json}; fields added later are
 * ignored.
 *
 * @param userId the account's id
 * @param email the account's address; required
 * @param name the account's own name, for the greeting
 * @param confirmed whether the account is confirmed; if not, the mail says how to get a
 * new confirmation link
 * @param attemptedAt when the sign-up was tried
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record SignupAttempted(@Nullable UUID userId, String email, @Nullable String name, boolean confirmed,
		@Nullable Instant attemptedAt) {

	SignupAttempted {
		email = Mail.requireBareAddress(email);
		name = ConfirmationPayload.nameOrNull(name);
	}

}
