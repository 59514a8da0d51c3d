package io.github.outbox.mailrelay.confirmation;

import java.net.URI;
import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.jspecify.annotations.Nullable;

import io.github.outbox.mailrelay.Mail;

/**
 * What mail-relay reads of a {@code UserRegistered} event's JSON payload. The reference
 * document is {@code docs/contracts/UserRegistered.json}; fields added later are ignored.
 *
 * @param userId the user's id
 * @param email where the confirmation goes; required
 * @param name the user's name, for the greeting
 * @param confirmationLink the link that confirms the account; required, http or https
 * @param confirmationExpiresAt when the link stops working
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record UserRegistered(@Nullable UUID userId, String email, @Nullable String name, URI confirmationLink,
		@Nullable Instant confirmationExpiresAt) implements ConfirmationEvent {

	UserRegistered {
		email = Mail.requireBareAddress(email);
		confirmationLink = ConfirmationEvent.requireWebLink(confirmationLink);
		name = ConfirmationEvent.nameOrNull(name);
	}

}
