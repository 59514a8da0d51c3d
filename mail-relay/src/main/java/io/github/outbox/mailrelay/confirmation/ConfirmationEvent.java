package io.github.outbox.mailrelay.confirmation;

import java.net.URI;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * An event that asks the user to confirm the address: what mail-relay reads of its JSON
 * payload, checked as it is read so that a payload the mail cannot be built from is a
 * poison record.
 */
sealed interface ConfirmationEvent permits UserRegistered, ConfirmationRequested {

	/** Where the confirmation goes: a bare address. */
	String email();

	/** The user's name, for the greeting; {@code null} if none was given. */
	@Nullable String name();

	/** The link that confirms the account: absolute, http or https. */
	URI confirmationLink();

	/** When the link stops working, if the event says. */
	@Nullable Instant confirmationExpiresAt();

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
