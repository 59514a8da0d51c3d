package io.github.outbox.mailrelay.confirmation;

import java.net.URI;
import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.jspecify.annotations.Nullable;

import io.github.outbox.mailrelay.Mail;

/**
 * What mail-relay reads of a {@code ConfirmationRequested} event's JSON payload: a user
 * asked for a new confirmation link, and the links sent before no longer work. The
 * reference document is {@code docs/contracts/ConfirmationRequested.json}; fields added
 * later are ignored.
 *
 * @param userId the user's id
 * @param email where the new link goes; required
 * @param name the user's name, for the greeting
 * @param confirmationLink the new link; required, http or https
 * @param confirmationExpiresAt when the new link stops working
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record ConfirmationRequested(@Nullable UUID userId, String email, @Nullable String name, URI confirmationLink,
		@Nullable Instant confirmationExpiresAt) implements ConfirmationEvent {

	ConfirmationRequested {
		email = Mail.requireBareAddress(email);
		confirmationLink = ConfirmationEvent.requireWebLink(confirmationLink);
		name = ConfirmationEvent.nameOrNull(name);
	}

}
