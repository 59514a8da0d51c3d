package io.github.outbox.mailrelay.confirmation;

import java.net.URI;
import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import org.jspecify.annotations.Nullable;

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
		@Nullable Instant confirmationExpiresAt) {

	UserRegistered {
		if (email == null || email.isBlank()) {
			throw new IllegalArgumentException("email is missing");
		}
		try {
			InternetAddress address = new InternetAddress(email, true);
			address.validate();
			if (!address.getAddress().equals(email.strip())) {
				throw new IllegalArgumentException("email '" + email + "' is not a bare address");
			}
		}
		catch (AddressException ex) {
			throw new IllegalArgumentException("email '" + email + "' is not a valid address: " + ex.getMessage(), ex);
		}
		email = email.strip();
		if (confirmationLink == null) {
			throw new IllegalArgumentException("confirmationLink is missing");
		}
		String scheme = confirmationLink.getScheme();
		boolean web = "https".equalsIgnoreCase(scheme) || "http".equalsIgnoreCase(scheme);
		if (!web || confirmationLink.getHost() == null) {
			throw new IllegalArgumentException(
					"confirmationLink '" + confirmationLink + "' is not an absolute http or https link");
		}
		if (name != null && name.isBlank()) {
			name = null;
		}
	}

}
