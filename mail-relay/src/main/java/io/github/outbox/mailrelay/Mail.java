package io.github.outbox.mailrelay;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import org.jspecify.annotations.Nullable;

/**
 * A rendered mail, sent as a plain text part and an HTML alternative.
 *
 * @param to the recipient's address
 * @param subject the subject line
 * @param text the plain text body
 * @param html the HTML body
 */
public record Mail(String to, String subject, String text, String html) {

	/**
	 * The address, stripped, if it is one bare address: what an event's payload must give
	 * as the recipient. A list or a display form could add recipients the event did not
	 * name.
	 * @throws IllegalArgumentException if it is missing, invalid, or a list or display
	 * form of addresses
	 */
	public static String requireBareAddress(@Nullable String email) {
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
		return email.strip();
	}

}
