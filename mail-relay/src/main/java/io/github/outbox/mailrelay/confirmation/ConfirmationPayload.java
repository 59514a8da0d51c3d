package io.github.outbox.mailrelay.confirmation;

import java.net.URI;
import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.jspecify.annotations.Nullable;

import io.github.outbox.mailrelay.Mail;

/**
 * What mail-relay reads of the JSON payload of an event that asks the user to confirm the
 * address: {@code UserRegistered} and {@code ConfirmationRequested} (a user asked for a
 * new link, and the links sent before no longer work) carry the same fields. Checked as
 * it is read, so that a payload the mail cannot be built from is a poison record. The
 * reference documents are {@code docs/contracts/UserRegistered.json} and
 * {@code docs/contracts/ConfirmationRequested.json}; fields added later are ignored.
 *
 * @param userId the user's id
 * @param email where the confirmation goes; required
 * @param name the user's name, for the greeting
 * @param confirmationLink the link that confirms the account; required, http or https
 * @param confirmationExpiresAt when the link stops working
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record ConfirmationPayload(@Nullable UUID userId, String email, @Nullable String name, URI confirmationLink,
		@Nullable Instant confirmationExpiresAt) {

	ConfirmationPayload {
		email = Mail.requireBareAddress(email);
		confirmationLink = requireWebLink(confirmationLink);
		name = nameOrNull(name);
	}

	/**
	 * The link, if a browser may follow it from a mail.
	 * @throws IllegalArgumentException if it is missing or not an absolute http or https
	 * link
	 */
	static URI requireWebLink(@Nullable URI confirmationLink) {
		if (confirmationLink == null) {
			throw new IllegalArgumentException("confirmationLink is missing");
		}
		String scheme = confirmationLink.getScheme();
		boolean web = "https".equalsIgnoreCase(scheme) || "http".equalsIgnoreCase(scheme);
		if (!web || confirmationLink.getHost() == null) {
			throw new IllegalArgumentException(
					"confirmationLink '" + confirmationLink + "' is not an absolute http or https link");
		}
		return confirmationLink;
	}

	/** The name, or {@code null} for a blank one. */
	static @Nullable String nameOrNull(@Nullable String name) {
		return (name != null && !name.isBlank()) ? name : null;
	}

}
