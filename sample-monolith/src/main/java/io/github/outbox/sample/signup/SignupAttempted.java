package io.github.outbox.sample.signup;

import java.time.Instant;
import java.util.UUID;

/**
 * Someone signed up with the address of an existing account. The sign-up is answered as
 * any other, so that it tells the caller nothing; this event tells the account's owner,
 * by mail. It carries the account's own name, never the one the caller sent. Its JSON
 * shape is the contract in {@code docs/contracts/SignupAttempted.json}.
 *
 * @param confirmed whether the account's address is confirmed already; if not, the mail
 * says how to get a new confirmation link
 */
public record SignupAttempted(UUID userId, String email, String name, boolean confirmed, Instant attemptedAt) {
}
