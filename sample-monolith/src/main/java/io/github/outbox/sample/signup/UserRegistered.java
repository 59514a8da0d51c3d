package io.github.outbox.sample.signup;

import java.net.URI;
import java.time.Instant;
import java.util.UUID;

/**
 * A user signed up and must confirm the address. Carries what the confirmation email
 * needs; its JSON shape is the contract in {@code docs/contracts/UserRegistered.json}.
 */
public record UserRegistered(UUID userId, String email, String name, URI confirmationLink,
		Instant confirmationExpiresAt) {
}
