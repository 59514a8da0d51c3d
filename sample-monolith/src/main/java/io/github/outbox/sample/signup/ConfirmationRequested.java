package io.github.outbox.sample.signup;

import java.net.URI;
import java.time.Instant;
import java.util.UUID;

/**
 * A user who has not confirmed the address yet asked for a new confirmation link; the
 * links sent before no longer work. Carries what the email needs; its JSON shape is the
 * contract in {@code docs/contracts/ConfirmationRequested.json}.
 */
public record ConfirmationRequested(UUID userId, String email, String name, URI confirmationLink,
		Instant confirmationExpiresAt) {
}
